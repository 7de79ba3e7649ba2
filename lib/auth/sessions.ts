import "server-only";
import { randomUUID } from "node:crypto";
import { keyedHash, randomToken } from "@/lib/auth/tokens";
import { db } from "@/lib/db";
import type { Prisma, SecurityEventType, TwoFactorMethodType } from "@/lib/generated/prisma/client";
import type { RequestContext } from "@/lib/request-context";

/**
 * Server-side sessions. The browser's session cookie holds a random token; the
 * row keeps only its keyed hash. A request is signed in only while its row
 * exists and has not expired, so deleting rows signs browsers out (sign-out,
 * password change, "Sign out other sessions") on every app instance at once.
 * Every sign-in creates a new row with a new token: the token rotates whenever
 * a factor completes, and nothing from before the second factor carries over.
 */

export const SESSION_MAX_AGE_SECONDS = 8 * 60 * 60;

/** "Last used" is as precise as this: a request writes it only when it is older. */
export const LAST_USED_PRECISION_MS = 60 * 1000;

type Tx = Prisma.TransactionClient;

function sessionTokenHash(token: string): string {
  return keyedHash("session", token);
}

export type SignInRecord = {
  userId: string;
  context: RequestContext;
  /** The sign-in's security event, naming the factor used. */
  event: { type: SecurityEventType; method?: TwoFactorMethodType };
  /** The attempt counter the completed sign-in clears. */
  clearsCounter: string;
};

/**
 * A completed sign-in in one statement: the session row, its security event
 * and the cleared attempt counter, all or nothing (a statement is atomic), for
 * the fewest round trips on the hottest path. Returns the cookie's token.
 */
export async function recordSignIn({ userId, context, event, clearsCounter }: SignInRecord, tx: Tx = db) {
  const token = randomToken();
  const now = new Date();
  const expiresAt = new Date(now.getTime() + SESSION_MAX_AGE_SECONDS * 1000);
  await tx.$executeRaw`
    WITH session AS (
      INSERT INTO sessions (id, user_id, token_hash, created_at, expires_at, last_used_at, ip_address, user_agent)
      VALUES (${randomUUID()}::uuid, ${userId}::uuid, ${sessionTokenHash(token)}, ${now}, ${expiresAt}, ${now},
              ${context.ipAddress}, ${context.userAgent})
    ), event AS (
      INSERT INTO security_events (id, user_id, type, method, count, created_at, ip_address, user_agent)
      VALUES (${randomUUID()}::uuid, ${userId}::uuid, ${event.type}::"SecurityEventType",
              ${event.method ?? null}::"TwoFactorMethodType", 1, ${now}, ${context.ipAddress}, ${context.userAgent})
    )
    DELETE FROM attempt_counters WHERE key = ${clearsCounter}`;
  return token;
}

/** Creates the session row and returns the token for the cookie (never stored). */
export async function createSession(userId: string, context: RequestContext, tx: Tx = db): Promise<string> {
  const token = randomToken();
  await tx.session.create({
    data: {
      userId,
      tokenHash: sessionTokenHash(token),
      expiresAt: new Date(Date.now() + SESSION_MAX_AGE_SECONDS * 1000),
      ipAddress: context.ipAddress,
      userAgent: context.userAgent,
    },
  });
  return token;
}

/**
 * The live session behind a cookie's token, with what requests need of its
 * user; null when revoked or expired. A request also records that the session
 * was used, but only when the last record is over a minute old, so nearly
 * every request stays one read; the update is conditional, so of parallel
 * requests that all saw an old time only one writes.
 */
export async function findActiveSession(token: string, now = new Date()) {
  const session = await db.session.findUnique({
    where: { tokenHash: sessionTokenHash(token) },
    select: {
      id: true,
      userId: true,
      expiresAt: true,
      lastUsedAt: true,
      user: {
        select: {
          id: true,
          email: true,
          name: true,
          role: true,
          accountId: true,
          account: { select: { id: true, name: true, twoFactorRequiredFrom: true } },
          // Whether the user has any method, for the account's requirement (lib/auth/two-factor-requirement.ts).
          twoFactorMethods: { select: { type: true }, take: 1 },
        },
      },
    },
  });
  if (!session || session.expiresAt <= now) return null;
  const staleBefore = new Date(now.getTime() - LAST_USED_PRECISION_MS);
  if (session.lastUsedAt < staleBefore) {
    await db.session.updateMany({ where: { id: session.id, lastUsedAt: { lt: staleBefore } }, data: { lastUsedAt: now } });
  }
  return session;
}

export type ActiveSession = NonNullable<Awaited<ReturnType<typeof findActiveSession>>>;

export async function revokeSession(sessionId: string): Promise<void> {
  await db.session.deleteMany({ where: { id: sessionId } });
}

/** Ends one of the user's sessions, never the asking one, and only if it is the user's: how many ended (0 or 1). */
export async function revokeSessionOfUser(
  { userId, sessionId, keepSessionId }: { userId: string; sessionId: string; keepSessionId: string },
  tx: Tx = db,
): Promise<number> {
  const revoked = await tx.session.deleteMany({ where: { id: sessionId, userId, NOT: { id: keepSessionId } } });
  return revoked.count;
}

export async function revokeOtherSessions(userId: string, keepSessionId: string, tx: Tx = db): Promise<number> {
  const revoked = await tx.session.deleteMany({ where: { userId, id: { not: keepSessionId } } });
  return revoked.count;
}
