import { expect } from "vitest";
import { AuthError } from "@/lib/auth/auth-error";
import { createSession } from "@/lib/auth/sessions";
import { trustBrowser, trustedBrowserTokenHash } from "@/lib/auth/trusted-browsers";
import { keyedHash } from "@/lib/auth/tokens";
import { signInWithPassword } from "@/lib/auth/sign-in-with-password";
import { db } from "@/lib/db";
import type { TwoFactorMethodType } from "@/lib/generated/prisma/client";
import { issueRecoveryCodes } from "@/lib/two-factor/recovery-codes";
import { encryptTotpSecret } from "@/lib/two-factor/secret-box";
import { generateTotpSecret, timeStep, totpCodeForStep } from "@/lib/two-factor/totp";
import { TwoFactorError } from "@/lib/two-factor/two-factor-error";
import { findPendingSignIn } from "@/lib/auth/pending-sign-in";
import { startSecurityKeySignIn } from "@/lib/auth/start-security-key-sign-in";
import { addSecurityKey } from "@/lib/two-factor/add-security-key";
import { grantPasswordConfirmation } from "@/lib/two-factor/password-grant";
import { startSecurityKeySetup } from "@/lib/two-factor/start-security-key-setup";
import { createTestUser, type TestUserOptions } from "@/tests/support/create-test-user";
import { SoftwareAuthenticator } from "@/tests/support/software-authenticator";
import { verificationCodeIn } from "@/tests/support/mail";
import { codeWrongAround } from "@/tests/support/wrong-totp-code";

/**
 * Fixtures for tests of what 2FA protects (sign-in, deactivation, preferences,
 * server actions). Methods are written straight to the database, as enableTotp
 * and enableEmailMethod would leave them; their own tests cover getting there.
 */

export const TEST_CONTEXT = { ipAddress: "203.0.113.9", userAgent: "Vitest" };

/** Mid-step, so that a code "for now" never depends on where in a 30 s step the test runs. */
export function midStep(date = new Date()): Date {
  return new Date(Math.floor(date.getTime() / 30_000) * 30_000 + 15_000);
}

export const SECOND = 1000;

export function later(from: Date, ms: number): Date {
  return new Date(from.getTime() + ms);
}

/** The app's code at `now`, or `stepOffset` steps away from it. */
export function totpCodeAt(secret: string, now: Date, stepOffset = 0): string {
  return totpCodeForStep(secret, timeStep(now) + stepOffset);
}

/** A 6-digit code that is wrong for every step the server accepts or explains as drift around `now`. */
export function wrongTotpCode(secret: string, now: Date): string {
  return codeWrongAround((step) => totpCodeForStep(secret, step), timeStep(now));
}

/** A signed-in browser: a Session row, and the token its cookie holds. */
export async function createSignedInSession(userId: string, expiresAt = later(new Date(), 60 * 60 * 1000)) {
  const token = await createSession(userId, TEST_CONTEXT);
  const session = await db.session.update({ where: { tokenHash: keyedHash("session", token) }, data: { expiresAt } });
  return { ...session, token };
}

/** A browser the user trusts (as a checked "Trust this browser for 30 days" leaves it): its row, and its cookie's token. */
export async function createTrustedBrowser(userId: string, now = new Date()) {
  const token = await trustBrowser(db, { userId, context: TEST_CONTEXT, now });
  const row = await db.trustedBrowser.findUniqueOrThrow({ where: { tokenHash: trustedBrowserTokenHash(token) } });
  return { ...row, token };
}

export type TwoFactorUserOptions = TestUserOptions & {
  methods: TwoFactorMethodType[];
  /** Defaults to the first of `methods`. */
  primary?: TwoFactorMethodType;
};

/** A user (with password) whose listed 2FA methods are active. */
export async function createTwoFactorUser(options: TwoFactorUserOptions) {
  const { methods, primary, ...userOptions } = options;
  const created = await createTestUser(userOptions);
  const userId = created.user.id;
  const totpSecret = generateTotpSecret();
  for (const type of methods) {
    await db.twoFactorMethod.create({
      data: {
        userId,
        type,
        totpSecretEncrypted: type === "totp" ? encryptTotpSecret(totpSecret, userId) : null,
      },
    });
  }
  const primaryType = methods.length > 0 ? (primary ?? methods[0]!) : null;
  await db.user.update({ where: { id: userId }, data: { primaryTwoFactorType: primaryType } });
  return { ...created, totpSecret };
}

/** The same, signed in on one browser: for the changes a signed-in user makes. */
export async function createSignedInTwoFactorUser(options: TwoFactorUserOptions) {
  const created = await createTwoFactorUser(options);
  const { id: sessionId } = await createSignedInSession(created.user.id);
  return { ...created, sessionId };
}

/** A full set of recovery codes for the user, as the first method's activation leaves them; returns the codes as shown. */
export async function giveRecoveryCodes(userId: string, now = new Date()): Promise<string[]> {
  return db.$transaction((tx) => issueRecoveryCodes(tx, userId, now));
}

/** An authenticator-app setup waiting for its first code (what `Confirm password` leaves); returns the secret. */
export async function createPendingTotpSetup(userId: string, now = new Date()): Promise<string> {
  const secret = generateTotpSecret();
  await db.pendingTotpSetup.create({
    data: { userId, secretEncrypted: encryptTotpSecret(secret, userId), expiresAt: later(now, 10 * 60 * SECOND) },
  });
  return secret;
}

/** A user with 2FA who has typed the right password: the pending sign-in token their cookie would hold. */
export async function pendingSignInFor(user: { email: string }, password: string): Promise<string> {
  const result = await signInWithPassword(user.email, password, TEST_CONTEXT);
  if (result.kind !== "second-factor-required") throw new Error("expected a pending sign-in");
  return result.pendingSignInToken;
}

export async function sessionCount(userId: string): Promise<number> {
  return db.session.count({ where: { userId } });
}

export async function methodsOf(userId: string) {
  const user = await db.user.findUniqueOrThrow({
    where: { id: userId },
    select: { primaryTwoFactorType: true, twoFactorMethods: { select: { type: true } } },
  });
  return { primary: user.primaryTwoFactorType, types: user.twoFactorMethods.map((method) => method.type).sort() };
}

/** The newest mail the dev outbox (no SMTP_URL in tests) holds for `to`. */
export async function latestOutboxMail(to: string) {
  return db.devOutboxMail.findFirst({ where: { to }, orderBy: { createdAt: "desc" } });
}

export async function latestOutboxCode(to: string): Promise<string> {
  return verificationCodeIn((await latestOutboxMail(to))?.text ?? "");
}

export async function expectTwoFactorError(promise: Promise<unknown>, code: TwoFactorError["code"]): Promise<void> {
  await expect(promise).rejects.toSatisfy(
    (error) => error instanceof TwoFactorError && error.code === code,
    `TwoFactorError ${code}`,
  );
}

export async function expectAuthError(promise: Promise<unknown>, code: AuthError["code"]): Promise<AuthError> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error, `AuthError ${code}`).toBeInstanceOf(AuthError);
  expect((error as AuthError).code).toBe(code);
  return error as AuthError;
}

/** The options of the dialog's browser prompt: password confirmed, then the challenge of this session. */
export async function startKeySetup({ userId, sessionId, password }: { userId: string; sessionId: string; password: string }, now = new Date()) {
  const user = await db.user.findUniqueOrThrow({ where: { id: userId }, select: { email: true, name: true } });
  await grantPasswordConfirmation({ userId, sessionId, method: "webauthn", password, context: TEST_CONTEXT, now });
  return startSecurityKeySetup({ userId, sessionId, user, now });
}

/** A security key added as the dialog adds it (password, the prompt, a name), answered by a software authenticator. */
export async function addSoftwareKey(
  signedIn: { userId: string; sessionId: string; password: string },
  { name = "YubiKey 5", authenticator = new SoftwareAuthenticator() }: { name?: string; authenticator?: SoftwareAuthenticator } = {},
) {
  const options = await startKeySetup(signedIn);
  const added = await addSecurityKey({ ...signedIn, response: authenticator.register(options), name, context: TEST_CONTEXT });
  const key = await db.webAuthnCredential.findUniqueOrThrow({ where: { credentialId: authenticator.id } });
  return { authenticator, key, added };
}

/** A signed-in user whose methods are `methods` plus a security key (the key added through the real steps). */
export async function createSignedInKeyUser(options: TwoFactorUserOptions) {
  const created = await createSignedInTwoFactorUser(options);
  const signedIn = { userId: created.user.id, sessionId: created.sessionId, password: created.password };
  const { authenticator, key } = await addSoftwareKey(signedIn);
  return { ...created, signedIn, authenticator, key };
}

/** `Use security key or passkey` on /sign-in/verify: the pending sign-in behind the token, and its prompt's options. */
export async function startKeySignIn(pendingSignInToken: string, now = new Date()) {
  const pending = await findPendingSignIn(pendingSignInToken, now);
  if (!pending) throw new Error("expected a live pending sign-in");
  return { pendingSignInId: pending.id, options: await startSecurityKeySignIn({ pendingSignInId: pending.id, userId: pending.userId }, now) };
}
