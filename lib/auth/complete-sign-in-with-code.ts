import "server-only";
import { AuthError } from "@/lib/auth/auth-error";
import { auditRefusals, isWrongGuess } from "@/lib/auth/audit-refusals";
import { secondFactorCounter, withAttempt } from "@/lib/auth/attempt-limiter";
import {
  endPendingSignIn,
  givePendingTryBack,
  outlastWait,
  takePendingTry,
} from "@/lib/auth/pending-sign-in";
import { recordSignIn } from "@/lib/auth/sessions";
import { db } from "@/lib/db";
import type { Prisma, TwoFactorMethodType } from "@/lib/generated/prisma/client";
import type { RequestContext } from "@/lib/request-context";
import { isMethodActive } from "@/lib/two-factor/active-methods";
import { TwoFactorError } from "@/lib/two-factor/two-factor-error";
import { verifyEmailCode } from "@/lib/two-factor/verify-email-code";
import { verifyTotpCode } from "@/lib/two-factor/verify-totp-code";

export type CompleteSignInOptions = {
  pendingSignInToken: string | undefined;
  method: TwoFactorMethodType;
  code: string;
  context: RequestContext;
  now?: Date;
};

export type SignedIn = { userId: string; sessionToken: string };

/**
 * The second step of signing in. The code is checked, the pending sign-in used
 * up (a conditional update: of parallel submissions only one gets through) and
 * a brand-new session created, all in one transaction: if any part fails,
 * nothing is used up. Returns the token of the new session's cookie.
 *
 * A pending sign-in allows PENDING_SIGN_IN_TRIES codes, each reserved before it
 * is checked; the last wrong one ends it. Wrong codes also count per user (only
 * someone who knows the password gets here); a wait that imposes keeps the
 * pending sign-in alive until after it.
 *
 * Throws TwoFactorError SIGN_IN_EXPIRED, NOT_ENABLED, INVALID_CODE (with
 * details.triesLeft), CODE_EXPIRED, CODE_USED_UP, NO_LIVE_CODE, AuthError THROTTLED.
 */
export async function completeSignInWithCode({
  pendingSignInToken,
  method,
  code,
  context,
  now = new Date(),
}: CompleteSignInOptions): Promise<SignedIn> {
  const pending = await takePendingTry(pendingSignInToken, now);
  if (!pending) throw new TwoFactorError("SIGN_IN_EXPIRED");
  const { userId, triesLeft } = pending;
  const counter = secondFactorCounter(userId);

  const finishSignIn = async (tx: Prisma.TransactionClient) => {
    const consumed = await tx.pendingSignIn.updateMany({
      where: { id: pending.id, consumedAt: null, expiresAt: { gt: now } },
      data: { consumedAt: now },
    });
    if (consumed.count !== 1) throw new TwoFactorError("SIGN_IN_EXPIRED");
    const event = { type: "sign_in_second_factor", method } as const;
    return recordSignIn({ userId, context, event, clearsCounter: counter.key }, tx);
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

  try {
    const sessionToken = await withAttempt(counter, checkCodeAndFinish[method], {
      // The counter is cleared with the session, in recordSignIn.
      onSuccess: "none",
      now,
      onRefused: auditRefusals({ userId, failure: "code_failed", method, context }),
    });
    return { userId, sessionToken };
  } catch (error) {
    throw await settleTry(pending.id, error, triesLeft, now);
  }
}

/** What a failed try costs the pending sign-in, and the error the caller sees. */
async function settleTry(pendingSignInId: string, error: unknown, triesLeft: number, now: Date): Promise<unknown> {
  if (error instanceof AuthError && error.code === "THROTTLED" && error.retryAt) {
    await givePendingTryBack(pendingSignInId);
    await outlastWait(pendingSignInId, error.retryAt);
    return error;
  }
  if (!isWrongGuess(error) && !(error instanceof TwoFactorError && error.code === "NOT_ENABLED")) {
    await givePendingTryBack(pendingSignInId);
    return error;
  }
  if (triesLeft === 0) {
    await endPendingSignIn(pendingSignInId, now);
    return new TwoFactorError("SIGN_IN_EXPIRED");
  }
  return error instanceof TwoFactorError ? new TwoFactorError(error.code, { ...error.details, triesLeft }) : error;
}
