"use server";

import { z } from "zod";
import { AuthError } from "@/lib/auth/auth-error";
import { completeSignInWithCode } from "@/lib/auth/complete-sign-in-with-code";
import { endPendingSignIn, PENDING_SIGN_IN_GRACE_MS } from "@/lib/auth/pending-sign-in";
import { holdPendingSignIn, releasePendingSignIn, startSession } from "@/lib/auth/sign-in-cookies";
import { pendingSignInAction, SIGN_IN_ENDED_REDIRECT } from "@/lib/server-action";
import { sendSignInEmailCode } from "@/lib/two-factor/send-sign-in-email-code";
import { twoFactorMethodSchema } from "@/lib/two-factor/methods";
import { TwoFactorError } from "@/lib/two-factor/two-factor-error";
import { verificationCodeSchema } from "@/lib/validations/two-factor";

export const verifySignInCodeAction = pendingSignInAction(
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
      if (error instanceof AuthError && error.code === "THROTTLED" && error.retryAt) {
        await holdPendingSignIn(pendingSignInToken, error.retryAt.getTime() + PENDING_SIGN_IN_GRACE_MS - Date.now());
      }
      throw error;
    }
  },
);

/** "The code is sent when that method is shown", and again with `Resend code`. */
export const sendSignInEmailCodeAction = pendingSignInAction(z.object({}), async (_input, { pendingSignIn }) => {
  const { sent, resendAvailableAt } = await sendSignInEmailCode({ userId: pendingSignIn.userId });
  return { ok: true, sent, resendAvailableAt: resendAvailableAt.toISOString() };
});

export const cancelSignInAction = pendingSignInAction(z.object({}), async (_input, { pendingSignIn }) => {
  await endPendingSignIn(pendingSignIn.id);
  await releasePendingSignIn();
  return { ok: true, next: "/sign-in" };
});
