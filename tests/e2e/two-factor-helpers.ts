import { expect, latestMailTo, openUserMenu, type Mail, type TestUser } from "./fixtures";
import { msLeftInStep, TOTP_PERIOD_MS, timeStep, totpCodeForStep } from "./totp";
import type { Locator, Page } from "@playwright/test";
import { VERIFICATION_CODE_PATTERN } from "@/lib/mail/messages/email-code";
import { codeWrongAround } from "@/tests/support/wrong-totp-code";

/**
 * Steps of the help article, driven through the UI with its wording, for any
 * spec that needs a user with two-factor authentication:
 * - `enableAuthenticatorApp(page, password)` -> an `AuthenticatorApp` (the key read off the screen),
 * - `nextTotpCode(app)`: the code an app would show that the server has not accepted yet,
 * - `enableEmailMethod(page, user)`,
 * - `codeFromMail(mail)` and `enterEmailedSignInCode(page, user, sentAfter)`,
 * - `saveRecoveryCodes(dialog)`: the codes the first method's done step shows, saved so that `Done` closes it,
 * - `enterRecoveryCode(page, code)`: "Use a recovery code" on /sign-in/verify.
 * - `addVirtualAuthenticator(page)`: Chromium's virtual security key for that page,
 * - `addSecurityKey(page, password, name)`: switch (or `Add another key`) → password → the prompt → a name.
 */

/** A phone with an authenticator app: the key and the last step the server accepted from it. */
export type AuthenticatorApp = { secret: string; lastAcceptedStep: number };

/** The server takes +-1 step, so a code within a few seconds of a step boundary is still fine; this keeps a margin anyway. */
const MIN_MS_LEFT_IN_STEP = 3_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The code for the earliest step the server will still accept: it refuses a step at
 * or before the last accepted one (replay) and any step more than one from now.
 * Right after an accepted code that is the next step, usable at once; a third code
 * in the same half minute waits for the clock.
 */
export async function nextTotpCode(app: AuthenticatorApp): Promise<string> {
  if (msLeftInStep() < MIN_MS_LEFT_IN_STEP) await sleep(msLeftInStep() + 50);
  const step = Math.max(timeStep(), app.lastAcceptedStep + 1);
  const earliestUsableAt = (step - 1) * TOTP_PERIOD_MS + 50;
  if (Date.now() < earliestUsableAt) await sleep(earliestUsableAt - Date.now());
  app.lastAcceptedStep = step; // the caller is about to submit it; a refused code must fail the test anyway
  return totpCodeForStep(app.secret, step);
}

/** A 6-digit code that is wrong for every step the server accepts or explains as drift around now. */
export function wrongTotpCode(secret: string): string {
  return codeWrongAround((step) => totpCodeForStep(secret, step), timeStep());
}

export function codeFromMail(mail: Mail): string {
  const code = VERIFICATION_CODE_PATTERN.exec(mail.text)?.[1];
  if (!code) throw new Error(`No verification code in the mail "${mail.subject}"`);
  return code;
}

/** Step 1 of every part of the article: the user menu, then `Security and access`. */
export async function openSecurityAndAccess(page: Page, userName: string): Promise<void> {
  await openUserMenu(page, userName);
  await page.getByRole("link", { name: "Security and access" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Security and access" })).toBeVisible();
}

export function twoFactorSection(page: Page): Locator {
  return page.getByRole("region", { name: "Two-factor authentication" });
}

export type MethodLabel = "Authentication app" | "Email" | "Security key or passkey";

export function methodSwitch(page: Page, label: MethodLabel): Locator {
  return twoFactorSection(page).getByRole("switch", { name: label, exact: true });
}

/** The row of one method, for its Active / Primary badges and notes. */
export function methodRow(page: Page, label: MethodLabel): Locator {
  return twoFactorSection(page).getByRole("listitem")
    .filter({ has: page.getByRole("switch", { name: label, exact: true }) });
}

/** A recovery code as shown on screen and in the downloaded file. */
export const RECOVERY_CODE_PATTERN = /^[2-9A-HJKMNP-Z]{5}-[2-9A-HJKMNP-Z]{5}-[2-9A-HJKMNP-Z]{5}$/;

export function savedCodesCheckbox(dialog: Locator): Locator {
  return dialog.getByRole("checkbox", { name: "I have saved my recovery codes" });
}

/** The done step of a first method (or of `Generate new codes`): reads the codes and ticks the confirmation. */
export async function saveRecoveryCodes(dialog: Locator): Promise<string[]> {
  const list = dialog.getByRole("list", { name: "Recovery codes" });
  await expect(list.getByRole("listitem")).toHaveCount(10);
  const codes = (await list.getByRole("listitem").allInnerTexts()).map((code) => code.trim());
  await savedCodesCheckbox(dialog).check();
  return codes;
}

/** After `Verify code`: the first method's done step has recovery codes to save before `Done`. */
async function saveRecoveryCodesIfShown(dialog: Locator): Promise<void> {
  if (await savedCodesCheckbox(dialog).isVisible()) await saveRecoveryCodes(dialog);
}

/** On /sign-in/verify: "Use a recovery code", then the code. */
export async function enterRecoveryCode(page: Page, code: string): Promise<void> {
  await page.getByRole("link", { name: "Use a recovery code" }).click();
  await page.getByLabel("Recovery code").fill(code);
  await page.getByRole("button", { name: "Verify code" }).click();
}

/** "Enable 2FA via mobile phone", steps 2-6, up to the done step: the dialog, still open, and the app. */
export async function verifyAuthenticatorApp(page: Page, password: string): Promise<{ dialog: Locator; app: AuthenticatorApp }> {
  await methodSwitch(page, "Authentication app").click();
  const dialog = page.getByRole("dialog", { name: "Turn on the authentication app" });
  await dialog.getByLabel("Password").fill(password);
  await dialog.getByRole("button", { name: "Confirm password" }).click();
  const manualKey = dialog.getByTestId("manual-key");
  await expect(manualKey).toBeVisible();
  const app: AuthenticatorApp = { secret: (await manualKey.innerText()).replace(/\s/g, ""), lastAcceptedStep: -1 };
  await dialog.getByLabel("6-digit verification code").fill(await nextTotpCode(app));
  await dialog.getByRole("button", { name: "Verify code" }).click();
  await expect(dialog.getByRole("status")).toContainText("The authentication app is now active.");
  return { dialog, app };
}

/** "Enable 2FA via mobile phone", steps 2-6, on the Security and access page, through `Done`. */
export async function enableAuthenticatorApp(page: Page, password: string): Promise<AuthenticatorApp> {
  const { dialog, app } = await verifyAuthenticatorApp(page, password);
  await saveRecoveryCodesIfShown(dialog);
  await dialog.getByRole("button", { name: "Done" }).click();
  await expect(dialog).toBeHidden();
  await expect(methodSwitch(page, "Authentication app")).toBeChecked();
  return app;
}

/** "Enable 2FA via e-mail", steps 2-4, on the Security and access page, with the code from the real mail. */
export async function enableEmailMethod(page: Page, user: Pick<TestUser, "email" | "password">): Promise<void> {
  const before = new Date();
  await methodSwitch(page, "Email").click();
  const dialog = page.getByRole("dialog", { name: "Turn on email verification" });
  await dialog.getByLabel("Password").fill(user.password);
  await dialog.getByRole("button", { name: "Confirm password" }).click();
  await expect(dialog.getByLabel("6-digit verification code")).toBeVisible();
  const mail = await latestMailTo(user.email, { subject: "Your verification code", after: before });
  await dialog.getByLabel("6-digit verification code").fill(codeFromMail(mail));
  await dialog.getByRole("button", { name: "Verify code" }).click();
  await expect(dialog.getByRole("status")).toContainText("Email verification is now active.");
  await saveRecoveryCodesIfShown(dialog);
  await dialog.getByRole("button", { name: "Done" }).click();
  await expect(dialog).toBeHidden();
  await expect(methodSwitch(page, "Email")).toBeChecked();
}

export async function signOut(page: Page, userName: string): Promise<void> {
  await openUserMenu(page, userName);
  await page.getByRole("navigation", { name: "User menu" }).getByRole("button", { name: "Sign out", exact: true }).click();
  await expect(page).toHaveURL(/\/sign-in\?signed-out=1$/);
  await expect(page.getByText("You are signed out.")).toBeVisible();
}

/** On /sign-in/verify with the email method: reads the code mailed after `sentAfter` and submits it. */
export async function enterEmailedSignInCode(page: Page, user: Pick<TestUser, "email">, sentAfter: Date): Promise<void> {
  const mail = await latestMailTo(user.email, { subject: "Your verification code", after: sentAfter });
  await page.getByLabel("6-digit verification code").fill(codeFromMail(mail));
  await page.getByRole("button", { name: "Verify code" }).click();
}

/**
 * A security key as Chromium sees one: the DevTools protocol's virtual
 * authenticator (CTAP2, resident keys, user verification), which answers the
 * browser's prompt at once. It stays with the page across navigations.
 */
export async function addVirtualAuthenticator(page: Page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("WebAuthn.enable");
  const { authenticatorId } = await cdp.send("WebAuthn.addVirtualAuthenticator", {
    options: {
      protocol: "ctap2",
      transport: "usb",
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
  const credentials = async () => (await cdp.send("WebAuthn.getCredentials", { authenticatorId })).credentials;
  return { credentials };
}

/** On Security and access: the switch (first key) → password → `Confirm password` → the prompt → the name → `Save key`, through `Done`. */
export async function addSecurityKey(page: Page, password: string, name: string): Promise<void> {
  await methodSwitch(page, "Security key or passkey").click();
  const dialog = page.getByRole("dialog", { name: "Add a security key or passkey" });
  await dialog.getByLabel("Password").fill(password);
  await dialog.getByRole("button", { name: "Confirm password" }).click();
  await dialog.getByLabel("Name of the key").fill(name);
  await dialog.getByRole("button", { name: "Save key" }).click();
  await expect(dialog.getByRole("status").first()).toContainText("Security key or passkey is now active");
  await saveRecoveryCodesIfShown(dialog);
  await dialog.getByRole("button", { name: "Done" }).click();
  await expect(dialog).toBeHidden();
  await expect(methodSwitch(page, "Security key or passkey")).toBeChecked();
}
