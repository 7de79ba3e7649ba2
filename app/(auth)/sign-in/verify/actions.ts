"use server";

import { z } from "zod";
import { endPendingSignIn } from "@/lib/auth/pending-sign-in";
import { releasePendingSignIn } from "@/lib/auth/sign-in-cookies";
import { pendingSignInAction } from "@/lib/server-action";
import { sendSignInEmailCode } from "@/lib/two-factor/send-sign-in-email-code";

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
