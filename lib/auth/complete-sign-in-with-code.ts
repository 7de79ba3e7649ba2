import "server-only";
import { attemptKeyForUser, withAttempt } from "@/lib/auth/attempt-limiter";
import { findPendingSignIn } from "@/lib/auth/pending-sign-in";
import { createSessionTicket } from "@/lib/auth/sessions";
import { db } from "@/lib/db";
import type { Prisma, TwoFactorMethodType } from "@/lib/generated/prisma/client";
import type { RequestContext } from "@/lib/request-context";
import { recordSecurityEvent } from "@/lib/security-events";
import { isMethodActive } from "@/lib/two-factor/active-methods";
import { TwoFactorError, type TwoFactorErrorCode } from "@/lib/two-factor/two-factor-error";
import { verifyEmailCode } from "@/lib/two-factor/verify-email-code";
import { verifyTotpCode } from "@/lib/two-factor/verify-totp-code";

export const PENDING_SIGN_IN_MAX_WRONG_CODES = 5;

/** An expired or missing emailed code is not a guess: it still costs an attempt, not one of the 5 tries. */
const COUNTS_AS_WRONG_CODE = new Set<TwoFactorErrorCode>(["INVALID_CODE", "CODE_USED_UP", "NOT_ENABLED"]);

export type CompleteSignInOptions = {
  pendingSignInToken: string | undefined;
  method: TwoFactorMethodType;
  code: string;
  context: RequestContext;
  now?: Date;
};

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
 * CODE_USED_UP, NO_LIVE_CODE (no emailed code to check), AuthError THROTTLED.
 */
export async function completeSignInWithCode({
  pendingSignInToken,
  method,
  code,
  context,
  now = new Date(),
}: CompleteSignInOptions): Promise<string> {
  const pending = await findPendingSignIn(pendingSignInToken, now);
  if (!pending) throw new TwoFactorError("SIGN_IN_EXPIRED");
  const { userId } = pending;

  const finishSignIn = async (tx: Prisma.TransactionClient) => {
    const consumed = await tx.pendingSignIn.updateMany({
      where: { id: pending.id, consumedAt: null, expiresAt: { gt: now } },
      data: { consumedAt: now },
    });
    if (consumed.count !== 1) throw new TwoFactorError("SIGN_IN_EXPIRED");
    await recordSecurityEvent({ userId, type: "sign_in_second_factor", method, context }, tx);
    return createSessionTicket(userId, context, tx);
  };

  // One way to check a code per method; a new method is a type error here until it has one.
  const checkCodeAndFinish: Record<TwoFactorMethodType, () => Promise<string>> = {
    totp: () =>
      db.$transaction(async (tx) => {
        await verifyTotpCode({ userId, code, now }, tx);
        return finishSignIn(tx);
      }),
    email: () =>
      verifyEmailCode({
        userId,
        purpose: "sign_in",
        code,
        now,
        onVerified: async (tx) => {
          // A code mailed before the method was turned off must not outlive it.
          if (!(await isMethodActive(userId, "email", tx))) throw new TwoFactorError("NOT_ENABLED");
          return finishSignIn(tx);
        },
      }),
  };

  return withAttempt(
    attemptKeyForUser(userId),
    async () => {
      try {
        return await checkCodeAndFinish[method]();
      } catch (error) {
        if (error instanceof TwoFactorError && COUNTS_AS_WRONG_CODE.has(error.code)) await countWrongCode(pending.id, now);
        throw error;
      }
    },
    { onSuccess: "clear", now },
  );
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
