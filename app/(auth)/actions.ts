"use server";

import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { signIn } from "@/lib/auth/next-auth";
import { PENDING_SIGN_IN_COOKIE, PENDING_SIGN_IN_LIFETIME_MS } from "@/lib/auth/pending-sign-in";
import { signInWithPassword } from "@/lib/auth/sign-in-with-password";
import { signUp } from "@/lib/auth/sign-up";
import { config } from "@/lib/config";
import { publicAction } from "@/lib/server-action";
import { setPasswordFromLink } from "@/lib/users/set-password-from-link";
import { setPasswordSchema, signInSchema, signUpSchema } from "@/lib/validations/auth";

async function startSession(sessionTicket: string): Promise<never> {
  await signIn("session-ticket", { ticket: sessionTicket, redirectTo: "/customer-area" });
  // signIn redirects; reaching this line means next-auth refused the fresh ticket.
  throw new Error("The session could not be started.");
}

export const signInAction = publicAction(signInSchema, async ({ email, password }, request) => {
  const result = await signInWithPassword(email, password, request);
  if (result.kind === "second-factor-required") {
    (await cookies()).set(PENDING_SIGN_IN_COOKIE, result.pendingSignInToken, {
      httpOnly: true,
      // Only ever read by same-site pages (/sign-in/verify), never by a cross-site navigation.
      sameSite: "strict",
      secure: config().appUrl.startsWith("https://"),
      path: "/",
      maxAge: PENDING_SIGN_IN_LIFETIME_MS / 1000,
    });
    redirect("/sign-in/verify");
  }
  return startSession(result.sessionTicket);
});

export const signUpAction = publicAction(signUpSchema, async (input, request) =>
  startSession(await signUp(input, request)),
);

export const setPasswordAction = publicAction(setPasswordSchema, async ({ token, password }, request) => {
  const email = await setPasswordFromLink(token, password, request);
  redirect(`/sign-in?password-set=1&email=${encodeURIComponent(email)}`);
});
