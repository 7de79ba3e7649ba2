"use server";

import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { z } from "zod";
import { signIn } from "@/lib/auth/next-auth";
import { completeSignInWithCode } from "@/lib/auth/complete-sign-in-with-code";
import { PENDING_SIGN_IN_COOKIE } from "@/lib/auth/pending-sign-in";
import { db } from "@/lib/db";
import { failure, pendingSignInAction } from "@/lib/server-action";
import { sendSignInEmailCode } from "@/lib/two-factor/send-sign-in-email-code";
import { TwoFactorError } from "@/lib/two-factor/two-factor-error";
import { twoFactorMethodSchema, verificationCodeSchema } from "@/lib/validations/two-factor";

async function endPendingSignIn(): Promise<never> {
  (await cookies()).delete(PENDING_SIGN_IN_COOKIE);
  redirect("/sign-in?ended=1");
}

export const verifySignInCodeAction = pendingSignInAction(
  verificationCodeSchema.extend({ method: twoFactorMethodSchema }),
  async ({ method, code }, { pendingSignInToken, request }) => {
    let sessionTicket: string;
    try {
      sessionTicket = await completeSignInWithCode(pendingSignInToken, method, code, request);
    } catch (error) {
      if (!(error instanceof TwoFactorError)) throw error;
      if (error.code === "SIGN_IN_EXPIRED") return endPendingSignIn();
      // No live emailed code (never sent, used, or killed by wrong tries): the way on is a new one.
      if (error.code === "SETUP_REQUIRED") return failure("That code can no longer be used. Ask for a new code with Resend code.");
      throw error;
    }
    (await cookies()).delete(PENDING_SIGN_IN_COOKIE);
    await signIn("session-ticket", { ticket: sessionTicket, redirectTo: "/customer-area" });
    throw new Error("The session could not be started.");
  },
);

/** "The code is sent when that method is shown", and again with `Resend code`. */
export const sendSignInEmailCodeAction = pendingSignInAction(z.object({}), async (_input, { pendingSignIn }) => {
  const user = await db.user.findUniqueOrThrow({
    where: { id: pendingSignIn.userId },
    select: { id: true, email: true, name: true },
  });
  try {
    const issued = await sendSignInEmailCode(user);
    return { ok: true, resendAvailableAt: issued.resendAvailableAt.toISOString() };
  } catch (error) {
    // Shown again within the cooldown (a reload, another method and back): the last code still works.
    if (!(error instanceof TwoFactorError && error.code === "RESEND_COOLDOWN" && error.details.retryAt)) throw error;
    return { ok: true, resendAvailableAt: error.details.retryAt.toISOString() };
  }
});

export const cancelSignInAction = pendingSignInAction(z.object({}), async (_input, { pendingSignIn }) => {
  await db.pendingSignIn.updateMany({ where: { id: pendingSignIn.id, consumedAt: null }, data: { consumedAt: new Date() } });
  (await cookies()).delete(PENDING_SIGN_IN_COOKIE);
  redirect("/sign-in");
});
