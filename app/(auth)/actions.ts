"use server";

import { redirect } from "next/navigation";
import { after } from "next/server";
import { safeReturnPath } from "@/lib/auth/return-path";
import { providerSignInUrl } from "@/lib/identity-providers/go-to-provider";
import { requestPasswordReset } from "@/lib/auth/request-password-reset";
import { resetPassword, type ResetSecondFactor } from "@/lib/auth/reset-password";
import { throughAuthJs } from "@/lib/auth/sign-in-through-auth-js";
import { startSignUp } from "@/lib/auth/start-sign-up";
import { failure, publicAction } from "@/lib/server-action";
import { acceptInvitation } from "@/lib/users/accept-invitation";
import { continueWithProviderSchema, forgotPasswordSchema, setPasswordSchema, startSignUpSchema } from "@/lib/validations/auth";
import { findOfferedProvider } from "@/lib/identity-providers/providers";
import { resetPasswordSchema } from "@/lib/validations/two-factor";

/**
 * Actions that move the browser on answer `next` and the form navigates there:
 * a redirect() here would make Next render the next page inside the action's
 * response through a request to itself. The password step is a route
 * (sign-in/password/route.ts).
 */

/** Sign-up's first step: "check your inbox" for every address; the mail (a link, or "you already have a user") goes after the answer. */
export const startSignUpAction = publicAction(startSignUpSchema, async ({ email }, { request }) => {
  const { deliver } = await startSignUp({ email, context: request });
  after(deliver);
  return { ok: true, email };
});

/** Sign-up's second step, from the mailed link: the account is created only here, through next-auth (auth.ts). */
export const signUpAction = throughAuthJs("sign-up", { from: "link" });

/** Sign-up's last step after an identity provider (/sign-up/provider). */
export const signUpWithProviderAction = throughAuthJs("sign-up", { from: "provider" });

/**
 * The address stays out of the URL (history, logs, a Referer): the set-password
 * form gave it to the password manager (autocomplete="username"), which fills it in on /sign-in.
 */
export const setPasswordAction = publicAction(setPasswordSchema, async ({ token, password }, { request }) => {
  await acceptInvitation(token, password, request);
  return { ok: true, next: "/sign-in?password-set=1" };
});

/**
 * `Send reset link`: the same answer for every address. Whatever depends on the
 * address having a user (the link, the mail) runs after the answer is sent.
 */
export const requestPasswordResetAction = publicAction(forgotPasswordSchema, async ({ email }, { request }) => {
  const { deliver } = await requestPasswordReset({ email, context: request });
  after(deliver);
  return { ok: true, email };
});

export const resetPasswordAction = publicAction(resetPasswordSchema, async (input, { request }) => {
  const secondFactor: ResetSecondFactor | undefined =
    input.secondFactor === "none"
      ? undefined
      : input.secondFactor === "recovery"
        ? { recoveryCode: input.code }
        : { method: input.secondFactor, code: input.code };
  await resetPassword({ token: input.token, newPassword: input.password, secondFactor, context: request });
  return { ok: true, next: "/sign-in?password-set=1" };
});

/**
 * `Continue with <provider>` on /sign-in and /sign-up: off to the provider,
 * which sends the browser back to /api/auth/callback/<id>
 * (lib/identity-providers/provider-callback.ts decides what it leads to).
 */
export const continueWithProviderAction = publicAction(continueWithProviderSchema, async ({ provider, next }) => {
  const offered = findOfferedProvider(provider);
  if (!offered) return failure("That sign-in option is no longer offered. Reload the page.");
  const returnTo = safeReturnPath(next);
  redirect(await providerSignInUrl({ kind: "sign-in", provider: offered.id, next: returnTo }, returnTo));
});
