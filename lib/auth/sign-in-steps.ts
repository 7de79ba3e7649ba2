import "server-only";
import { completeSignInWithCode } from "@/lib/auth/complete-sign-in-with-code";
import { completeSignInWithRecoveryCode } from "@/lib/auth/complete-sign-in-with-recovery-code";
import { completeSignInWithSecurityKey } from "@/lib/auth/complete-sign-in-with-security-key";
import { finishSecondStep } from "@/lib/auth/finish-second-step";
import { DEFAULT_RETURN_PATH, safeReturnPath } from "@/lib/auth/return-path";
import { holdPendingSignIn, holdReturnPath, readTrustedBrowserCookie, startSession } from "@/lib/auth/sign-in-cookies";
import { signInWithPassword } from "@/lib/auth/sign-in-with-password";
import { signUp } from "@/lib/auth/sign-up";
import { signUpWithProvider } from "@/lib/identity-providers/provider-sign-up";
import { type FormAction, pendingSignInStep, publicAction } from "@/lib/server-action";
import { providerSignUpSchema, signInSchema, signUpSchema } from "@/lib/validations/auth";
import { returnPathField } from "@/lib/validations/return-path";
import { securityKeySignInSchema } from "@/lib/validations/security-keys";
import { recoveryCodeSchema, signInCodeSchema } from "@/lib/validations/two-factor";

/**
 * The sign-in steps. Each runs inside a Credentials provider of auth.ts
 * (lib/auth/credentials-providers.ts), reached through its route
 * (lib/auth/sign-in-routes.ts) or action; startSession hands the session it
 * creates to Auth.js.
 */

/** The password step: a session, or a pending sign-in that waits for the second factor. */
const passwordStep = publicAction(signInSchema.extend({ next: returnPathField }), async ({ email, password, next }, { request }) => {
  const result = await signInWithPassword(email, password, request, {
    trustedBrowserToken: await readTrustedBrowserCookie(),
  });
  if (result.kind === "signed-in") {
    await startSession(result);
    return { ok: true, next: safeReturnPath(next) };
  }
  await holdPendingSignIn(result.pendingSignInToken);
  await holdReturnPath(next);
  return { ok: true, next: "/sign-in/verify" };
});

/** The second step with a method's code. */
const codeStep = pendingSignInStep(
  signInCodeSchema,
  async ({ method, code, trustBrowser }, { pendingSignInToken, request }) =>
    finishSecondStep(pendingSignInToken, () =>
      completeSignInWithCode({ pendingSignInToken, method, code, trustBrowser, context: request }),
    ),
);

/**
 * "Use a recovery code", the same step as a method's code. It always lands on
 * the home page, whatever page the user asked for: that page says how many are
 * left (lib/two-factor/recovery-code-notice.ts).
 */
const recoveryCodeStep = pendingSignInStep(recoveryCodeSchema, async ({ code }, { pendingSignInToken, request }) =>
  finishSecondStep(
    pendingSignInToken,
    () => completeSignInWithRecoveryCode({ pendingSignInToken, code, context: request }),
    { toHome: true },
  ),
);

/** The second step with a security key's answer. */
const securityKeyStep = pendingSignInStep(
  securityKeySignInSchema,
  async ({ response, trustBrowser }, { pendingSignInToken, request }) =>
    finishSecondStep(pendingSignInToken, () =>
      completeSignInWithSecurityKey({ pendingSignInToken, response, trustBrowser, context: request }),
    ),
);

export const PASSWORD_STEP = passwordStep;

/** The second step, by the `step` field its route sets. */
export const SECOND_FACTOR_STEPS = {
  code: codeStep,
  "recovery-code": recoveryCodeStep,
  "security-key": securityKeyStep,
} satisfies Record<string, FormAction<{ next: string }>>;

/** Sign-up's last step, from the mailed link, or after an identity provider (lib/identity-providers/provider-sign-up.ts). */
export const SIGN_UP_STEPS = {
  link: publicAction(signUpSchema, async (input, { request }) => {
    await startSession(await signUp(input, request));
    return { ok: true, next: DEFAULT_RETURN_PATH };
  }),
  provider: publicAction(providerSignUpSchema, async (input, { request }) => {
    await startSession(await signUpWithProvider(input, request));
    return { ok: true, next: DEFAULT_RETURN_PATH };
  }),
} satisfies Record<string, FormAction<{ next: string }>>;
