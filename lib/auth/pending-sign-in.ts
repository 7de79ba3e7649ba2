import "server-only";
import { keyedHash, randomToken } from "@/lib/auth/tokens";
import { db } from "@/lib/db";
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

export type PendingTry = { id: string; userId: string; triesLeft: number };

/**
 * Finds the live pending sign-in behind a cookie value and reserves one of its
 * tries, in one conditional statement, so that parallel submissions cannot
 * check more codes than allowed. Null when there is none, it has ended, or no
 * try is left.
 */
export async function takePendingTry(token: string | undefined, now: Date): Promise<PendingTry | null> {
  if (!token) return null;
  const [taken] = await db.pendingSignIn.updateManyAndReturn({
    where: {
      tokenHash: keyedHash("pending-sign-in", token),
      consumedAt: null,
      expiresAt: { gt: now },
      failedAttempts: { lt: PENDING_SIGN_IN_TRIES },
    },
    data: { failedAttempts: { increment: 1 } },
    select: { id: true, userId: true, failedAttempts: true },
  });
  return taken ? { id: taken.id, userId: taken.userId, triesLeft: PENDING_SIGN_IN_TRIES - taken.failedAttempts } : null;
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
