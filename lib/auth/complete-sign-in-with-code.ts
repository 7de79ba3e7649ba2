import "server-only";
import { completePendingSignIn, type SignedIn } from "@/lib/auth/complete-pending-sign-in";
import type { RequestContext } from "@/lib/request-context";
import { isMethodActive } from "@/lib/two-factor/active-methods";
import type { CodeMethodType } from "@/lib/two-factor/methods";
import { TwoFactorError } from "@/lib/two-factor/two-factor-error";
import { verifyEmailCode } from "@/lib/two-factor/verify-email-code";
import { matchTotpCode, totpStepClaim } from "@/lib/two-factor/verify-totp-code";

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
      // The hottest second step: the step claimed in the statement that finishes the sign-in, while the
      // pending sign-in is live (an ended one would otherwise use up a code for nothing).
      totp: async () => {
        const matched = await matchTotpCode({ userId, code, now });
        return finishSignIn.withGate((pendingIsLive) => totpStepClaim(matched, pendingIsLive), new TwoFactorError("INVALID_CODE"));
      },
      email: () =>
        verifyEmailCode({
          userId,
          purpose: "sign_in",
          code,
          now,
          onVerified: async (tx) => {
            // A code mailed before the method was turned off must not outlive it.
            if (!(await isMethodActive(userId, "email", tx))) throw new TwoFactorError("NOT_ENABLED");
            return finishSignIn.inTransaction(tx);
          },
        }),
    };
    return checkCodeAndFinish[method]();
  });
}
