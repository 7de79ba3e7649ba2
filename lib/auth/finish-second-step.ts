import "server-only";
import { AuthError } from "@/lib/auth/auth-error";
import type { SignedIn } from "@/lib/auth/complete-pending-sign-in";
import { PENDING_SIGN_IN_GRACE_MS } from "@/lib/auth/pending-sign-in";
import { DEFAULT_RETURN_PATH } from "@/lib/auth/return-path";
import { holdPendingSignIn, releasePendingSignIn, startSession, takeReturnPath } from "@/lib/auth/sign-in-cookies";
import { SIGN_IN_ENDED_REDIRECT } from "@/lib/server-action";
import { TwoFactorError } from "@/lib/two-factor/two-factor-error";

/**
 * The browser's side of a second step, whatever answered it (a method's code or
 * a recovery code): the session cookie and `next`, or back to the password
 * when the pending sign-in has ended; a wait keeps the pending cookie alive.
 * `toHome` ignores the page the user asked for: after a recovery code, the home
 * page must say how many are left before anything else.
 */
export async function finishSecondStep(
  pendingSignInToken: string | undefined,
  complete: () => Promise<SignedIn>,
  { toHome = false } = {},
) {
  try {
    const signedIn = await complete();
    // Read before startSession, which forgets it with the pending sign-in.
    const asked = await takeReturnPath();
    await startSession(signedIn);
    return { ok: true as const, next: toHome ? DEFAULT_RETURN_PATH : asked };
  } catch (error) {
    if (error instanceof TwoFactorError && error.code === "SIGN_IN_EXPIRED") {
      await releasePendingSignIn();
      return { ok: true as const, next: SIGN_IN_ENDED_REDIRECT };
    }
    // The pending sign-in now outlasts the wait; so must its cookie.
    if (pendingSignInToken && error instanceof AuthError && error.code === "THROTTLED" && error.retryAt) {
      await holdPendingSignIn(pendingSignInToken, error.retryAt.getTime() + PENDING_SIGN_IN_GRACE_MS - Date.now());
    }
    throw error;
  }
}
