import "server-only";
import { attemptKeyForUser, clearAttempts, reserveAttempt } from "@/lib/auth/attempt-limiter";
import { findPendingSignIn } from "@/lib/auth/pending-sign-in";
import { createSessionTicket } from "@/lib/auth/sessions";
import { db } from "@/lib/db";
import type { Prisma, TwoFactorMethodType } from "@/lib/generated/prisma/client";
import type { RequestContext } from "@/lib/request-context";
import { recordSecurityEvent } from "@/lib/security-events";
import { verifyEmailCode } from "@/lib/two-factor/email-code";
import { TwoFactorError, type TwoFactorErrorCode } from "@/lib/two-factor/two-factor-error";
import { verifyTotpCode } from "@/lib/two-factor/verify-totp-code";

export const PENDING_SIGN_IN_MAX_WRONG_CODES = 5;

/** An expired or missing emailed code is not a guess: it still costs an attempt, not one of the 5 tries. */
const COUNTS_AS_WRONG_CODE = new Set<TwoFactorErrorCode>(["INVALID_CODE", "CODE_USED_UP", "NOT_ENABLED"]);

/**
 * The second step of signing in. The code is checked, the pending sign-in used
 * up (a conditional update: of parallel submissions only one gets through) and
 * a brand-new session created, all in one transaction: if any part fails,
 * nothing is used up. Returns the one-time ticket that becomes the session cookie.
 *
 * Every try counts against the user's shared attempt limit; 5 wrong codes end
 * the pending sign-in, and the user starts again from the password.
 *
 * Throws TwoFactorError SIGN_IN_EXPIRED, NOT_ENABLED, INVALID_CODE, CODE_EXPIRED,
 * CODE_USED_UP, SETUP_REQUIRED (no email code sent yet), AuthError THROTTLED.
 */
export async function completeSignInWithCode(
  pendingSignInToken: string | undefined,
  method: TwoFactorMethodType,
  code: string,
  context: RequestContext,
  now = new Date(),
): Promise<string> {
  const pending = await findPendingSignIn(pendingSignInToken, now);
  if (!pending) throw new TwoFactorError("SIGN_IN_EXPIRED");
  const attemptKey = attemptKeyForUser(pending.userId);
  await reserveAttempt(attemptKey, now);

  const finishSignIn = async (tx: Prisma.TransactionClient) => {
    const consumed = await tx.pendingSignIn.updateMany({
      where: { id: pending.id, consumedAt: null, expiresAt: { gt: now } },
      data: { consumedAt: now },
    });
    if (consumed.count !== 1) throw new TwoFactorError("SIGN_IN_EXPIRED");
    await recordSecurityEvent(pending.userId, "sign-in.second-factor", context, tx);
    return createSessionTicket(pending.userId, context, tx);
  };

  let sessionTicket: string | undefined;
  try {
    sessionTicket =
      method === "totp"
        ? await db.$transaction(async (tx) => {
            await verifyTotpCode(pending.userId, code, now, tx);
            return finishSignIn(tx);
          })
        : await verifyEmailCode(pending.userId, "sign-in", code, now, async (tx) => {
            // A code mailed before the method was turned off must not outlive it.
            const method = await tx.twoFactorMethod.findUnique({
              where: { userId_type: { userId: pending.userId, type: "email" } },
              select: { id: true },
            });
            if (!method) throw new TwoFactorError("NOT_ENABLED");
            return finishSignIn(tx);
          });
  } catch (error) {
    if (error instanceof TwoFactorError && COUNTS_AS_WRONG_CODE.has(error.code)) await countWrongCode(pending.id, now);
    throw error;
  }
  if (!sessionTicket) throw new TwoFactorError("SIGN_IN_EXPIRED");
  await clearAttempts(attemptKey);
  return sessionTicket;
}

async function countWrongCode(pendingSignInId: string, now: Date): Promise<void> {
  const [counted] = await db.pendingSignIn.updateManyAndReturn({
    where: { id: pendingSignInId, consumedAt: null },
    data: { failedAttempts: { increment: 1 } },
    select: { failedAttempts: true },
  });
  if (counted && counted.failedAttempts >= PENDING_SIGN_IN_MAX_WRONG_CODES) {
    await db.pendingSignIn.updateMany({ where: { id: pendingSignInId, consumedAt: null }, data: { consumedAt: now } });
    throw new TwoFactorError("SIGN_IN_EXPIRED");
  }
}
