"use server";

import { z } from "zod";
import { endPendingSignIn } from "@/lib/auth/pending-sign-in";
import { releasePendingSignIn } from "@/lib/auth/sign-in-cookies";
import { startSecurityKeySignIn } from "@/lib/auth/start-security-key-sign-in";
import { pendingSignInAction } from "@/lib/server-action";
import { sendSignInEmailCode } from "@/lib/two-factor/send-sign-in-email-code";

/** "The code is sent when that method is shown", and again with `Resend code`. */
export const sendSignInEmailCodeAction = pendingSignInAction(z.object({}), async (_input, { pendingSignIn }) => {
  const { sent, resendAvailableAt } = await sendSignInEmailCode({ userId: pendingSignIn.userId });
  return { ok: true, sent, resendAvailableAt: resendAvailableAt.toISOString() };
});

/** "Use security key or passkey": the options of the browser's prompt, its challenge bound to this pending sign-in. */
export const startSecurityKeySignInAction = pendingSignInAction(z.object({}), async (_input, { pendingSignIn }) => {
  const options = await startSecurityKeySignIn({ pendingSignInId: pendingSignIn.id, userId: pendingSignIn.userId });
  return { ok: true, options };
});

export const cancelSignInAction = pendingSignInAction(z.object({}), async (_input, { pendingSignIn }) => {
  await endPendingSignIn(pendingSignIn.id);
  await releasePendingSignIn();
  return { ok: true, next: "/sign-in" };
});
