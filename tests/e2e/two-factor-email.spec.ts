import { expect, latestMailTo, signIn, test } from "./fixtures";
import {
  codeFromMail,
  enableEmailMethod,
  methodRow,
  methodSwitch,
  openSecurityAndAccess,
  saveRecoveryCodes,
  signOut,
  twoFactorSection,
} from "./two-factor-helpers";

const RECOMMEND_APP = /An email code is weaker than an authentication app.*We recommend also turning on the Authentication app/;

/** The help article, "Enable 2FA via e-mail", steps 1-4, with the code from the mail a real SMTP server received. */
test("Enable 2FA via e-mail: the article's steps 1-4 with the code from the mail", async ({ page, newUser }) => {
  // 1. In the customer area, access the user menu and click on Security and access.
  await openSecurityAndAccess(page, newUser.name);
  const section = twoFactorSection(page);
  await expect(section.getByText(RECOMMEND_APP)).toHaveCount(0);

  // 2. Activate the button in the Email section.
  const emailSwitch = methodSwitch(page, "Email");
  await expect(emailSwitch).not.toBeChecked();
  await emailSwitch.click();
  const dialog = page.getByRole("dialog", { name: "Turn on email verification" });
  await expect(dialog).toBeVisible();

  // 3. Enter your password and click the Confirm password button.
  await dialog.getByLabel("Password").fill("not-the-password");
  await dialog.getByRole("button", { name: "Confirm password" }).click();
  await expect(dialog.getByRole("alert")).toHaveText("The password is incorrect.");
  const sentAfter = new Date();
  await dialog.getByLabel("Password").fill(newUser.password);
  await dialog.getByRole("button", { name: "Confirm password" }).click();

  // 4. Enter the verification code received via your email and click the Verify code button.
  await expect(dialog.getByText(/Enter the verification code received via your email/)).toContainText(newUser.email);
  // `Resend code` waits out its cooldown, counted down on screen.
  await expect(dialog.getByRole("button", { name: "Resend code" })).toBeDisabled();
  await expect(dialog.getByText(/You can ask for a new code in \d+ s\./)).toBeVisible();

  const mail = await latestMailTo(newUser.email, { subject: "Your verification code", after: sentAfter });
  const code = codeFromMail(mail);
  expect(mail.subject).not.toContain(code);
  expect(mail.text).toMatch(/valid for 10 minutes/);
  expect(mail.text).toMatch(/If you did not ask for this code/);

  const codeField = dialog.getByLabel("6-digit verification code");
  await codeField.fill(code === "000000" ? "111111" : "000000");
  await dialog.getByRole("button", { name: "Verify code" }).click();
  await expect(dialog.getByText("That code is not correct. Check it and try again.")).toBeVisible();
  await expect(emailSwitch).not.toBeChecked();

  const enabledAfter = new Date();
  // Pasted with a space in the middle, as people copy codes from mails.
  await codeField.fill(`${code.slice(0, 3)} ${code.slice(3)}`);
  await dialog.getByRole("button", { name: "Verify code" }).click();
  await expect(dialog.getByRole("status")).toHaveText("Email verification is now active. It is your primary method.");
  await expect(dialog.getByRole("button", { name: /other sessions/ })).toBeVisible();
  await saveRecoveryCodes(dialog);
  await dialog.getByRole("button", { name: "Done" }).click();
  await expect(dialog).toBeHidden();

  const row = methodRow(page, "Email");
  await expect(emailSwitch).toBeChecked();
  await expect(row.getByText("Active", { exact: true })).toBeVisible();
  await expect(row.getByText("Primary", { exact: true })).toBeVisible();
  // Email alone is the weaker setup: the page says so and recommends the app.
  await expect(section.getByText(RECOMMEND_APP)).toBeVisible();
  // The sole method cannot be switched off, and the page says why.
  await expect(emailSwitch).toBeDisabled();
  await expect(row.getByText(/This is your only method, so it cannot be turned off/)).toBeVisible();
  await expect(methodSwitch(page, "Authentication app")).toBeEnabled();

  const notice = await latestMailTo(newUser.email, { subject: "Email verification turned on", after: enabledAfter });
  expect(notice.text).not.toContain(code);
});

test("a user with only the email method gets a code mailed when the sign-in step shows it", async ({ page, newUser }) => {
  await page.goto("/customer-area/security");
  await enableEmailMethod(page, newUser);
  await signOut(page, newUser.name);

  const sentAfter = new Date();
  await signIn(page, newUser);
  await expect(page).toHaveURL(/\/sign-in\/verify$/);
  await expect(page.getByText(/We sent a 6-digit code to ow•+@example\.test/)).toBeVisible();
  await expect(page.getByRole("button", { name: "Resend code" })).toBeDisabled();
  await expect(page.getByText(/You can ask for a new code in \d+ s\./)).toBeVisible();
  await expect(page.getByRole("link", { name: /Use another method/ })).toHaveCount(0);

  const mail = await latestMailTo(newUser.email, { subject: "Your verification code", after: sentAfter });
  expect(mail.text).toContain("finish signing in");
  await page.getByLabel("6-digit verification code").fill(codeFromMail(mail));
  await page.getByRole("button", { name: "Verify code" }).click();
  await expect(page).toHaveURL(/\/customer-area$/);
  await expect(page.getByRole("heading", { name: `Welcome, ${newUser.name}` })).toBeVisible();
});
