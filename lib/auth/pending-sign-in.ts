import "server-only";
import { keyedHash, randomToken } from "@/lib/auth/tokens";
import { db } from "@/lib/db";
import type { RequestContext } from "@/lib/request-context";

/**
 * A correct password from a user with 2FA. It is held by an httpOnly cookie and
 * grants nothing but the right to try the second factor on /sign-in/verify.
 */

export const PENDING_SIGN_IN_LIFETIME_MS = 10 * 60 * 1000;
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

/** "Cancel" on /sign-in/verify: the pending sign-in can no longer be finished. */
export async function cancelPendingSignIn(pendingSignInId: string, now = new Date()): Promise<void> {
  await db.pendingSignIn.updateMany({ where: { id: pendingSignInId, consumedAt: null }, data: { consumedAt: now } });
}
