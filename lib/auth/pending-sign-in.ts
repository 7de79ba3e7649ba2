import "server-only";
import { keyedHash, randomToken } from "@/lib/auth/tokens";
import { db } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import type { RequestContext } from "@/lib/request-context";

/**
 * A correct password from a user with 2FA. It is held by an httpOnly cookie and
 * grants nothing but the right to try the second factor on /sign-in/verify:
 * at most PENDING_SIGN_IN_TRIES codes, each reserved before it is checked.
 */

export const PENDING_SIGN_IN_LIFETIME_MS = 10 * 60 * 1000;
export const PENDING_SIGN_IN_TRIES = 5;
/** After a wait imposed on the second step, the pending sign-in lives at least this much longer. */
export const PENDING_SIGN_IN_GRACE_MS = 5 * 60 * 1000;
export const PENDING_SIGN_IN_COOKIE = "pending_sign_in";

export async function startPendingSignIn(userId: string, context: RequestContext, now = new Date()): Promise<string> {
  const token = randomToken();
  await db.pendingSignIn.create({
    data: {
      userId,
      tokenHash: keyedHash("pending-sign-in", token),
      expiresAt: new Date(now.getTime() + PENDING_SIGN_IN_LIFETIME_MS),
      ipAddress: context.ipAddress,
      userAgent: context.userAgent,
    },
  });
  return token;
}

/** The live pending sign-in behind a cookie value, or null. */
export async function findPendingSignIn(token: string | undefined, now = new Date()) {
  if (!token) return null;
  const pending = await db.pendingSignIn.findUnique({ where: { tokenHash: keyedHash("pending-sign-in", token) } });
  if (!pending || pending.consumedAt || pending.expiresAt <= now) return null;
  return pending;
}

/**
 * The part of a statement that finds the live pending sign-in behind a cookie
 * value and reserves one of its tries, in one conditional update, so that
 * parallel submissions cannot check more codes than allowed: a CTE body that
 * returns its row (id, user_id, failed_attempts), or none when there is no
 * such pending sign-in, it has ended, or no try is left.
 */
export function pendingTry(token: string, now: Date): Prisma.Sql {
  return Prisma.sql`
    UPDATE pending_sign_ins SET failed_attempts = failed_attempts + 1
     WHERE token_hash = ${keyedHash("pending-sign-in", token)} AND consumed_at IS NULL AND expires_at > ${now}::timestamp
       AND failed_attempts < ${PENDING_SIGN_IN_TRIES}
    RETURNING id, user_id, failed_attempts`;
}

/** The statement condition "the pending sign-in can still be finished". */
export function pendingSignInIsLive(pendingSignInId: string, now: Date): Prisma.Sql {
  return Prisma.sql`EXISTS (SELECT 1 FROM pending_sign_ins
                             WHERE id = ${pendingSignInId}::uuid AND consumed_at IS NULL AND expires_at > ${now}::timestamp)`;
}

/** A try that was not a guess (an expired code, a wait) is given back. */
export async function givePendingTryBack(pendingSignInId: string): Promise<void> {
  await db.pendingSignIn.updateMany({
    where: { id: pendingSignInId, consumedAt: null, failedAttempts: { gt: 0 } },
    data: { failedAttempts: { decrement: 1 } },
  });
}

/**
 * A wait imposed on the second step must not outlive the sign-in it holds up:
 * the pending sign-in is kept until PENDING_SIGN_IN_GRACE_MS after the wait ends.
 */
export async function outlastWait(pendingSignInId: string, retryAt: Date): Promise<void> {
  await db.pendingSignIn.updateMany({
    where: { id: pendingSignInId, consumedAt: null, expiresAt: { lt: new Date(retryAt.getTime() + PENDING_SIGN_IN_GRACE_MS) } },
    data: { expiresAt: new Date(retryAt.getTime() + PENDING_SIGN_IN_GRACE_MS) },
  });
}

/** "Cancel" on /sign-in/verify, or its tries used up: the pending sign-in can no longer be finished. */
export async function endPendingSignIn(pendingSignInId: string, now = new Date()): Promise<void> {
  await db.pendingSignIn.updateMany({ where: { id: pendingSignInId, consumedAt: null }, data: { consumedAt: now } });
}
