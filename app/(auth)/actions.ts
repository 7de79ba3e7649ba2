"use server";

import { redirect } from "next/navigation";
import { holdPendingSignIn, startSession } from "@/lib/auth/sign-in-cookies";
import { signInWithPassword } from "@/lib/auth/sign-in-with-password";
import { signUp } from "@/lib/auth/sign-up";
import { publicAction } from "@/lib/server-action";
import { setPasswordFromLink } from "@/lib/users/set-password-from-link";
import { setPasswordSchema, signInSchema, signUpSchema } from "@/lib/validations/auth";

export const signInAction = publicAction(signInSchema, async ({ email, password }, { request }) => {
  const result = await signInWithPassword(email, password, request);
  if (result.kind === "signed-in") return startSession(result.sessionTicket);
  await holdPendingSignIn(result.pendingSignInToken);
  redirect("/sign-in/verify");
});

export const signUpAction = publicAction(signUpSchema, async (input, { request }) =>
  startSession(await signUp(input, request)),
);

export const setPasswordAction = publicAction(setPasswordSchema, async ({ token, password }, { request }) => {
  const email = await setPasswordFromLink(token, password, request);
  redirect(`/sign-in?password-set=1&email=${encodeURIComponent(email)}`);
});
