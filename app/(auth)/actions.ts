"use server";

import { startSession } from "@/lib/auth/sign-in-cookies";
import { signUp } from "@/lib/auth/sign-up";
import { publicAction } from "@/lib/server-action";
import { setPasswordFromLink } from "@/lib/users/set-password-from-link";
import { setPasswordSchema, signUpSchema } from "@/lib/validations/auth";

/**
 * Actions that move the browser on answer `next` and the form navigates there:
 * a redirect() here would make Next render the next page inside the action's
 * response through a request to itself. The password step is a route
 * (sign-in/password/route.ts).
 */

export const signUpAction = publicAction(signUpSchema, async (input, { request }) => {
  await startSession(await signUp(input, request));
  return { ok: true, next: "/customer-area" };
});

export const setPasswordAction = publicAction(setPasswordSchema, async ({ token, password }, { request }) => {
  const email = await setPasswordFromLink(token, password, request);
  return { ok: true, next: `/sign-in?password-set=1&email=${encodeURIComponent(email)}` };
});
