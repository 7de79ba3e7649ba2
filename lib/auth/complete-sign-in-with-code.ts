import "server-only";
import { AuthError } from "@/lib/auth/auth-error";
import { auditRefusals, isWrongGuess } from "@/lib/auth/audit-refusals";
import { secondFactorCounter, withAttempt } from "@/lib/auth/attempt-limiter";
import { endPendingSignIn, givePendingTryBack, outlastWait, takePendingTry } from "@/lib/auth/pending-sign-in";
import { recordSignIn } from "@/lib/auth/sessions";
import { trustBrowser } from "@/lib/auth/trusted-browsers";
import { db } from "@/lib/db";
import type { Prisma, SecurityEventType, TwoFactorMethodType } from "@/lib/generated/prisma/client";
import type { RequestContext } from "@/lib/request-context";
import { isMethodActive } from "@/lib/two-factor/active-methods";
import type { CodeMethodType } from "@/lib/two-factor/methods";
import { TwoFactorError } from "@/lib/two-factor/two-factor-error";
import { verifyEmailCode } from "@/lib/two-factor/verify-email-code";
import { verifyTotpCode } from "@/lib/two-factor/verify-totp-code";

export type SignedIn = {
  userId: string;
  sessionToken: string;
  /** For the trusted-browser cookie, when the browser was trusted. */
  trustedBrowserToken?: string;
};

export type PendingSignInStep = {
  pendingSignInToken: string | undefined;
  context: RequestContext;
  now: Date;
  /** What the completed sign-in records, and what a wrong code is recorded as: per method, or for a recovery code. */
  events: { success: SecurityEventType; failure: SecurityEventType; method?: TwoFactorMethodType };
  /** "Trust this browser for 30 days" was checked: the completed sign-in also trusts the browser. */
  trustBrowser?: boolean;
};

/** Uses up the pending sign-in and creates the session, in the transaction that used up the code. */
export type FinishSignIn = (tx: Prisma.TransactionClient) => Promise<SignedIn>;

/**
 * The second step of signing in, whatever answers it (a method's code or a
 * recovery code). `checkAndFinish` checks the code and calls `finishSignIn`
 * in the transaction that uses the code up: the pending sign-in is used up
 * there too (a conditional update: of parallel submissions only one gets
 * through), a brand-new session created and, when asked, the browser trusted.
 * If any part fails, nothing is used up and nothing is trusted.
 *
 * A pending sign-in allows PENDING_SIGN_IN_TRIES codes, each reserved before it
 * is checked; the last wrong one ends it. Wrong codes also count per user (only
 * someone who knows the password gets here); a wait that imposes keeps the
 * pending sign-in alive until after it.
 *
 * Throws TwoFactorError SIGN_IN_EXPIRED, AuthError THROTTLED, and what `checkAndFinish`
 * throws (a wrong guess with details.triesLeft).
 */
export async function completePendingSignIn<T extends SignedIn>(
  { pendingSignInToken, context, now, events, trustBrowser: trustThisBrowser = false }: PendingSignInStep,
  checkAndFinish: (userId: string, finishSignIn: FinishSignIn, pendingSignInId: string) => Promise<T>,
): Promise<T> {
  const pending = await takePendingTry(pendingSignInToken, now);
  if (!pending) throw new TwoFactorError("SIGN_IN_EXPIRED");
  const { userId, triesLeft } = pending;
  const counter = secondFactorCounter(userId);
  const { method } = events;

  const finishSignIn: FinishSignIn = async (tx) => {
    const consumed = await tx.pendingSignIn.updateMany({
      where: { id: pending.id, consumedAt: null, expiresAt: { gt: now } },
      data: { consumedAt: now },
    });
    if (consumed.count !== 1) throw new TwoFactorError("SIGN_IN_EXPIRED");
    const event = { type: events.success, method };
    const sessionToken = await recordSignIn({ userId, context, event, clearsCounter: counter.key }, tx);
    if (!trustThisBrowser) return { userId, sessionToken };
    return { userId, sessionToken, trustedBrowserToken: await trustBrowser(tx, { userId, context, now }) };
  };

  try {
    return await withAttempt(counter, () => checkAndFinish(userId, finishSignIn, pending.id), {
      // The counter is cleared with the session, in recordSignIn.
      onSuccess: "none",
      now,
      onRefused: auditRefusals({ userId, failure: events.failure, method, context }),
    });
  } catch (error) {
    throw await settleTry(pending.id, error, triesLeft, now);
  }
}

export type CompleteSignInOptions = {
  pendingSignInToken: string | undefined;
  /** A method answered with a typed code; a security key answers through complete-sign-in-with-security-key.ts. */
  method: CodeMethodType;
  code: string;
  context: RequestContext;
  trustBrowser?: boolean;
  now?: Date;
};

/**
 * The second step with a method's code. Returns the token of the new session's
 * cookie, and of the trusted-browser cookie when asked to trust the browser.
 *
 * Throws TwoFactorError SIGN_IN_EXPIRED, NOT_ENABLED, INVALID_CODE (with
 * details.triesLeft), CODE_EXPIRED, CODE_USED_UP, NO_LIVE_CODE, AuthError THROTTLED.
 */
export async function completeSignInWithCode({
  pendingSignInToken,
  method,
  code,
  context,
  trustBrowser,
  now = new Date(),
}: CompleteSignInOptions): Promise<SignedIn> {
  const events = { success: "sign_in_second_factor", failure: "code_failed", method } as const;
  return completePendingSignIn({ pendingSignInToken, context, now, events, trustBrowser }, (userId, finishSignIn) => {
    // One way to check a code per method; a new method is a type error here until it has one.
    const checkCodeAndFinish: Record<CodeMethodType, () => Promise<SignedIn>> = {
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
    return checkCodeAndFinish[method]();
  });
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
