import { AuthError } from "@/lib/auth/auth-error";
import { completeSignInWithCode } from "@/lib/auth/complete-sign-in-with-code";
import { PENDING_SIGN_IN_GRACE_MS } from "@/lib/auth/pending-sign-in";
import { holdPendingSignIn, releasePendingSignIn, startSession } from "@/lib/auth/sign-in-cookies";
import { formRoute } from "@/lib/form-route";
import { pendingSignInStep, SIGN_IN_ENDED_REDIRECT } from "@/lib/server-action";
import { twoFactorMethodSchema } from "@/lib/two-factor/methods";
import { TwoFactorError } from "@/lib/two-factor/two-factor-error";
import { verificationCodeSchema } from "@/lib/validations/two-factor";

/** POST /sign-in/verify/code: the second step, answered as JSON (lib/form-route.ts says why not a server action). */
const codeStep = pendingSignInStep(
  verificationCodeSchema.extend({ method: twoFactorMethodSchema }),
  async ({ method, code }, { pendingSignInToken, request }) => {
    try {
      await startSession(await completeSignInWithCode({ pendingSignInToken, method, code, context: request }));
      return { ok: true, next: "/customer-area" };
    } catch (error) {
      if (error instanceof TwoFactorError && error.code === "SIGN_IN_EXPIRED") {
        await releasePendingSignIn();
        return { ok: true, next: SIGN_IN_ENDED_REDIRECT };
      }
      // The pending sign-in now outlasts the wait; so must its cookie.
      if (pendingSignInToken && error instanceof AuthError && error.code === "THROTTLED" && error.retryAt) {
        await holdPendingSignIn(pendingSignInToken, error.retryAt.getTime() + PENDING_SIGN_IN_GRACE_MS - Date.now());
      }
      throw error;
    }
  },
);

export const POST = formRoute(codeStep);
