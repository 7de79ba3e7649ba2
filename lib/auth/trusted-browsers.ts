import "server-only";
import { randomUUID } from "node:crypto";
import { keyedHash, randomToken } from "@/lib/auth/tokens";
import { db } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import type { RequestContext } from "@/lib/request-context";
import { recordSecurityEvent } from "@/lib/security-events";

/**
 * "Trust this browser for 30 days": after a completed second factor, the
 * browser gets a cookie holding a random token, and the database a row with
 * its keyed hash, bound to the user. A later sign-in on that browser still
 * needs the password, but the row stands in for the second factor, for that
 * user only, until it expires or ends (Remove, Remove all, or any change that
 * would make an attacker's trusted browser dangerous: a new password, a
 * method turned off, new recovery codes, a password reset).
 */

export const TRUSTED_BROWSER_DAYS = 30;
export const TRUSTED_BROWSER_LIFETIME_MS = TRUSTED_BROWSER_DAYS * 24 * 60 * 60 * 1000;

type Tx = Prisma.TransactionClient;

export function trustedBrowserTokenHash(token: string): string {
  return keyedHash("trusted-browser", token);
}

/**
 * Trusting the browser of `context`, with its security event, as CTEs of one
 * statement: for the user of the one row `trustedBy` (a CTE with a `user_id`
 * column) holds, and nothing when it holds none; the completed second step
 * writes it with the session (lib/auth/complete-pending-sign-in.ts).
 * Returns the token for the cookie (never stored).
 */
export function trustedBrowserWrites(
  trustedBy: Prisma.Sql,
  { context, now, eventAt = now }: { context: RequestContext; now: Date; /** A completed sign-in's trust is recorded just after its sign-in event. */ eventAt?: Date },
) {
  const token = randomToken();
  const expiresAt = new Date(now.getTime() + TRUSTED_BROWSER_LIFETIME_MS);
  const ctes = Prisma.sql`
    trusted_browser AS (
      INSERT INTO trusted_browsers (id, user_id, token_hash, created_at, last_used_at, expires_at, ip_address, user_agent)
      SELECT ${randomUUID()}::uuid, user_id, ${trustedBrowserTokenHash(token)}, ${now}::timestamp, ${now}::timestamp,
             ${expiresAt}::timestamp, ${context.ipAddress}, ${context.userAgent}
        FROM ${trustedBy}
    ), browser_trusted_event AS (
      INSERT INTO security_events (id, user_id, type, count, created_at, ip_address, user_agent)
      SELECT ${randomUUID()}::uuid, user_id, 'browser_trusted'::"SecurityEventType", 1, ${eventAt}::timestamp,
             ${context.ipAddress}, ${context.userAgent}
        FROM ${trustedBy}
    )`;
  return { ctes, trustedBrowserToken: token };
}

/** Trusts the browser of `context` for the user, with its security event; returns the token for the cookie (never stored). */
export async function trustBrowser(
  tx: Tx,
  { userId, context, now = new Date() }: { userId: string; context: RequestContext; now?: Date },
): Promise<string> {
  const { ctes, trustedBrowserToken } = trustedBrowserWrites(Prisma.raw("trusted_by"), { context, now });
  await tx.$executeRaw`WITH trusted_by AS (SELECT ${userId}::uuid AS user_id), ${ctes} SELECT 1`;
  return trustedBrowserToken;
}

/**
 * Whether the browser's token names a live trusted browser of this user, and if
 * so marks it used, in one conditional statement: a token of another user, an
 * expired or a removed one is simply not found.
 */
export async function recognizeTrustedBrowser(
  { userId, token, now }: { userId: string; token: string | undefined; now: Date },
  tx: Tx = db,
): Promise<boolean> {
  if (!token) return false;
  const used = await tx.trustedBrowser.updateMany({
    where: { tokenHash: trustedBrowserTokenHash(token), userId, expiresAt: { gt: now } },
    data: { lastUsedAt: now },
  });
  return used.count === 1;
}

/**
 * Ends every live trusted browser of the user, with a security event when
 * there were any; call it inside the transaction of the change that requires
 * it. Returns how many ended, for the mail about that change to say so.
 * (Expired ones grant nothing already; lib/maintenance/remove-expired.ts deletes them.)
 */
export async function endTrustedBrowsers(tx: Tx, userId: string, context: RequestContext, now = new Date()) {
  const ended = await tx.trustedBrowser.deleteMany({ where: { userId, expiresAt: { gt: now } } });
  if (ended.count > 0) await recordSecurityEvent({ userId, type: "trusted_browsers_removed", context }, tx);
  return ended.count;
}
