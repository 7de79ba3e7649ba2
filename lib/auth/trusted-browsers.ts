import "server-only";
import { keyedHash, randomToken } from "@/lib/auth/tokens";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
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

/** Trusts the browser of `context` for the user, with its security event; returns the token for the cookie (never stored). */
export async function trustBrowser(
  tx: Tx,
  { userId, context, now = new Date() }: { userId: string; context: RequestContext; now?: Date },
): Promise<string> {
  const token = randomToken();
  await tx.trustedBrowser.create({
    data: {
      userId,
      tokenHash: trustedBrowserTokenHash(token),
      createdAt: now,
      lastUsedAt: now,
      expiresAt: new Date(now.getTime() + TRUSTED_BROWSER_LIFETIME_MS),
      ipAddress: context.ipAddress,
      userAgent: context.userAgent,
    },
  });
  await recordSecurityEvent({ userId, type: "browser_trusted", context }, tx);
  return token;
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
