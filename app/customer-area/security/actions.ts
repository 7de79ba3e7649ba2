"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { confirmPassword } from "@/lib/auth/confirm-password";
import { removeConnectedIdentity } from "@/lib/identity-providers/connected-identities";
import { providerSignInUrl } from "@/lib/identity-providers/go-to-provider";
import { findOfferedProvider } from "@/lib/identity-providers/providers";
import { connectProviderSchema, removeIdentitySchema } from "@/lib/validations/connected-accounts";
import { changePassword } from "@/lib/auth/change-password";
import { removeAllTrustedBrowsers, removeTrustedBrowser } from "@/lib/auth/remove-trusted-browsers";
import { signOutOtherSessions } from "@/lib/auth/sign-out-other-sessions";
import { signOutSession } from "@/lib/auth/sign-out-session";
import { failure, twoFactorSetupAction, userAction } from "@/lib/server-action";
import { deactivateMethod } from "@/lib/two-factor/deactivate-method";
import { enableEmailMethod } from "@/lib/two-factor/enable-email";
import { enableTotp } from "@/lib/two-factor/enable-totp";
import { generateRecoveryCodes } from "@/lib/two-factor/generate-recovery-codes";
import { grantPasswordConfirmation } from "@/lib/two-factor/password-grant";
import { setPrimaryMethod } from "@/lib/two-factor/set-primary-method";
import { resendEmailSetupCode } from "@/lib/two-factor/resend-email-setup-code";
import { startEmailSetup } from "@/lib/two-factor/start-email-setup";
import { startTotpSetup } from "@/lib/two-factor/start-totp-setup";
import { addSecurityKey } from "@/lib/two-factor/add-security-key";
import { removeSecurityKey, renameSecurityKey } from "@/lib/two-factor/security-keys";
import { startSecurityKeySetup } from "@/lib/two-factor/start-security-key-setup";
import { addSecurityKeySchema, removeSecurityKeySchema, renameSecurityKeySchema } from "@/lib/validations/security-keys";
import { changePasswordSchema } from "@/lib/validations/auth";
import {
  confirmPasswordSchema,
  deactivateMethodSchema,
  noInputSchema,
  preferencesSchema,
  verificationCodeSchema,
} from "@/lib/validations/two-factor";
import { sessionIdSchema, trustedBrowserIdSchema } from "@/lib/validations/sessions";

const SECURITY_PAGE = "/customer-area/security";

export const changePasswordAction = userAction(
  changePasswordSchema,
  async ({ currentPassword, newPassword }, { session, request }) => {
    const { otherSessionsSignedOut, trustedBrowsersRemoved } = await changePassword({
      userId: session.userId,
      currentSessionId: session.id,
      currentPassword,
      newPassword,
      context: request,
    });
    revalidatePath(SECURITY_PAGE);
    return { ok: true, otherSessionsSignedOut, trustedBrowsersRemoved };
  },
);

/** Authentication app, steps 3-4: `Confirm password`, then the QR code and the key. */
export const confirmPasswordForTotpAction = twoFactorSetupAction(confirmPasswordSchema, async ({ password }, { session, request }) => {
  const grant = { userId: session.userId, sessionId: session.id, method: "totp" } as const;
  await grantPasswordConfirmation({ ...grant, password, context: request });
  const setup = await startTotpSetup({ ...grant, email: session.user.email });
  return {
    ok: true,
    qrCodeDataUrl: setup.qrCodeDataUrl,
    manualKey: setup.manualKey,
    otpauthUri: setup.otpauthUri,
    expiresAt: setup.expiresAt.toISOString(),
  };
});

/** Authentication app, steps 5-6: `Verify code`. */
export const verifyTotpSetupAction = twoFactorSetupAction(verificationCodeSchema, async ({ code }, { session, request }) => {
  const result = await enableTotp({ userId: session.userId, sessionId: session.id, code, context: request });
  revalidatePath(SECURITY_PAGE);
  return { ok: true, ...result };
});

/** Email, step 3: `Confirm password` mails the code. */
export const confirmPasswordForEmailAction = twoFactorSetupAction(confirmPasswordSchema, async ({ password }, { session, request }) => {
  const grant = { userId: session.userId, sessionId: session.id, method: "email" } as const;
  await grantPasswordConfirmation({ ...grant, password, context: request });
  const { sent, resendAvailableAt } = await startEmailSetup({ user: session.user, sessionId: session.id });
  return { ok: true, sent, sentTo: session.user.email, resendAvailableAt: resendAvailableAt.toISOString() };
});

export const resendEmailSetupCodeAction = twoFactorSetupAction(noInputSchema, async (_input, { session }) => {
  const issued = await resendEmailSetupCode({ user: session.user });
  return { ok: true, sent: true, resendAvailableAt: issued.resendAvailableAt.toISOString() };
});

/** Email, step 4: `Verify code`. */
export const verifyEmailSetupAction = twoFactorSetupAction(verificationCodeSchema, async ({ code }, { session, request }) => {
  const result = await enableEmailMethod({ userId: session.userId, sessionId: session.id, code, context: request });
  revalidatePath(SECURITY_PAGE);
  return { ok: true, ...result };
});

/** Security key or passkey: `Confirm password`, then the browser's own prompt (these are its options). */
export const confirmPasswordForSecurityKeyAction = twoFactorSetupAction(
  confirmPasswordSchema,
  async ({ password }, { session, request }) => {
    const grant = { userId: session.userId, sessionId: session.id, method: "webauthn" } as const;
    await grantPasswordConfirmation({ ...grant, password, context: request });
    const options = await startSecurityKeySetup({ ...grant, user: session.user });
    return { ok: true, options };
  },
);

/** Security key or passkey: the prompt's answer and the key's name. The first key turns the method on. */
export const addSecurityKeyAction = twoFactorSetupAction(addSecurityKeySchema, async ({ response, name }, { session, request }) => {
  const result = await addSecurityKey({ userId: session.userId, sessionId: session.id, response, name, context: request });
  revalidatePath(SECURITY_PAGE);
  return { ok: true, ...result };
});

/** `Rename` beside a key: the new name and the password. */
export const renameSecurityKeyAction = userAction(renameSecurityKeySchema, async ({ keyId, name, password }, { session, request }) => {
  const result = await renameSecurityKey({ userId: session.userId, sessionId: session.id, keyId, name, password, context: request });
  revalidatePath(SECURITY_PAGE);
  return { ok: true, ...result };
});

/** `Remove` beside a key: the password; the last key turns the method off. */
export const removeSecurityKeyAction = userAction(removeSecurityKeySchema, async ({ keyId, password }, { session, request }) => {
  const result = await removeSecurityKey({ userId: session.userId, sessionId: session.id, keyId, password, context: request });
  revalidatePath(SECURITY_PAGE);
  return { ok: true, ...result };
});

/** Offered on the page and after every method change. */
export const signOutOtherSessionsAction = userAction(noInputSchema, async (_input, { session, request }) => {
  const signedOut = await signOutOtherSessions(session.userId, session.id, request);
  revalidatePath(SECURITY_PAGE);
  return { ok: true, signedOut };
});

/** `Sign out` beside one other session in `Sessions`. */
export const signOutSessionAction = userAction(sessionIdSchema, async ({ sessionId }, { session, request }) => {
  await signOutSession({ userId: session.userId, sessionId, currentSessionId: session.id, context: request });
  revalidatePath(SECURITY_PAGE);
  return { ok: true };
});

/** `Remove` beside one of the `Trusted browsers`. */
export const removeTrustedBrowserAction = userAction(
  trustedBrowserIdSchema,
  async ({ trustedBrowserId }, { session, request }) => {
    await removeTrustedBrowser({ userId: session.userId, trustedBrowserId, context: request });
    revalidatePath(SECURITY_PAGE);
    return { ok: true };
  },
);

/** `Remove all` under `Trusted browsers`. */
export const removeAllTrustedBrowsersAction = userAction(noInputSchema, async (_input, { session, request }) => {
  const removed = await removeAllTrustedBrowsers({ userId: session.userId, context: request });
  revalidatePath(SECURITY_PAGE);
  return { ok: true, removed };
});

/** Switch off -> password -> `Deactivate`. */
export const deactivateMethodAction = userAction(deactivateMethodSchema, async ({ method, password }, { session, request }) => {
  const result = await deactivateMethod({
    userId: session.userId,
    sessionId: session.id,
    method,
    password,
    context: request,
  });
  revalidatePath(SECURITY_PAGE);
  return { ok: true, ...result };
});

/** `Preferences` -> select -> `Save` (no password: the article asks none). */
export const savePreferencesAction = userAction(preferencesSchema, async ({ primaryMethod }, { session, request }) => {
  const result = await setPrimaryMethod({
    userId: session.userId,
    sessionId: session.id,
    method: primaryMethod,
    context: request,
  });
  revalidatePath(SECURITY_PAGE);
  return { ok: true, method: primaryMethod, ...result };
});

/** `Generate new codes` -> password: the new set replaces the old one, shown once. */
export const generateRecoveryCodesAction = userAction(confirmPasswordSchema, async ({ password }, { session, request }) => {
  const result = await generateRecoveryCodes({ userId: session.userId, sessionId: session.id, password, context: request });
  revalidatePath(SECURITY_PAGE);
  return { ok: true, ...result };
});

/**
 * `Connect <provider>` under Connected accounts: the password, then off to the
 * provider; its callback connects the identity to this session's user only
 * (lib/identity-providers/provider-callback.ts).
 */
export const connectProviderAction = userAction(connectProviderSchema, async ({ provider, password }, { session, request }) => {
  const offered = findOfferedProvider(provider);
  if (!offered) return failure("That provider is no longer offered. Reload the page.");
  await confirmPassword({ userId: session.userId, sessionId: session.id, password, context: request });
  redirect(await providerSignInUrl({ kind: "connect", provider: offered.id, sessionId: session.id }, SECURITY_PAGE));
});

/** `Remove` beside a connected identity, with the password. */
export const removeIdentityAction = userAction(removeIdentitySchema, async ({ identityId, password }, { session, request }) => {
  const { removed, notified } = await removeConnectedIdentity({
    user: session.user,
    sessionId: session.id,
    identityId,
    password,
    context: request,
  });
  revalidatePath(SECURITY_PAGE);
  if (!removed) return failure("That connected account was already removed. The list shows the ones left.");
  return { ok: true, notificationSent: notified };
});
