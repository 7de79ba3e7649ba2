"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { completeSignInWithCode } from "@/lib/auth/complete-sign-in-with-code";
import { cancelPendingSignIn } from "@/lib/auth/pending-sign-in";
import { releasePendingSignIn, startSession } from "@/lib/auth/sign-in-cookies";
import { pendingSignInAction, SIGN_IN_ENDED_REDIRECT } from "@/lib/server-action";
import { sendSignInEmailCode } from "@/lib/two-factor/send-sign-in-email-code";
import { TwoFactorError } from "@/lib/two-factor/two-factor-error";
import { twoFactorMethodSchema } from "@/lib/two-factor/methods";
import { verificationCodeSchema } from "@/lib/validations/two-factor";

export const verifySignInCodeAction = pendingSignInAction(
  verificationCodeSchema.extend({ method: twoFactorMethodSchema }),
  async ({ method, code }, { pendingSignInToken, request }) => {
    let sessionTicket: string;
    try {
      sessionTicket = await completeSignInWithCode({ pendingSignInToken, method, code, context: request });
    } catch (error) {
      if (!(error instanceof TwoFactorError && error.code === "SIGN_IN_EXPIRED")) throw error;
      await releasePendingSignIn();
      redirect(SIGN_IN_ENDED_REDIRECT);
    }
    return startSession(sessionTicket);
  },
);

/** "The code is sent when that method is shown", and again with `Resend code`. */
export const sendSignInEmailCodeAction = pendingSignInAction(z.object({}), async (_input, { pendingSignIn }) => {
  const { sent, resendAvailableAt } = await sendSignInEmailCode({ userId: pendingSignIn.userId });
  return { ok: true, sent, resendAvailableAt: resendAvailableAt.toISOString() };
});

export const cancelSignInAction = pendingSignInAction(z.object({}), async (_input, { pendingSignIn }) => {
  await cancelPendingSignIn(pendingSignIn.id);
  await releasePendingSignIn();
  redirect("/sign-in");
});
