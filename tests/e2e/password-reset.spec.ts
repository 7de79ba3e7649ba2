import { expect, latestMailTo, signIn, test } from "./fixtures";
import { enableAuthenticatorApp, nextTotpCode, openSecurityAndAccess, signOut, wrongTotpCode } from "./two-factor-helpers";

function resetLinkIn(text: string): string {
  const link = /https?:\/\/\S+\/reset-password\?token=[A-Za-z0-9_-]+/.exec(text)?.[0];
  if (!link) throw new Error("No reset link in the mail");
  return link;
}

test("a user with the authentication app resets a forgotten password through the mailed link and the code, then signs in with both", async ({
  page,
  newUser,
}) => {
  await openSecurityAndAccess(page, newUser.name);
  const app = await enableAuthenticatorApp(page, newUser.password);
  await signOut(page, newUser.name);

  // Forgot password? carries the typed address over.
  await page.getByLabel("Email").fill(newUser.email);
  await page.getByRole("link", { name: "Forgot password?" }).click();
  await expect(page).toHaveURL(/\/forgot-password$/);
  await expect(page.getByLabel("Email")).toHaveValue(newUser.email);
  const requestedAt = new Date();
  await page.getByRole("button", { name: "Send reset link" }).click();
  await expect(page.getByRole("status")).toContainText(`Check your inbox. If ${newUser.email} belongs to a user`);

  const mail = await latestMailTo(newUser.email, { subject: "Reset your password", after: requestedAt });
  expect(mail.text).toContain("you will also need a code from your authentication app");
  const link = resetLinkIn(mail.text);

  await page.goto(link);
  await expect(page.getByRole("heading", { level: 1, name: "Choose a new password" })).toBeVisible();
  // The primary method first; a recovery code is the other way, and back.
  await page.getByRole("link", { name: "Use a recovery code" }).click();
  await expect(page.getByLabel("Recovery code")).toBeVisible();
  await page.getByRole("link", { name: "Use another method: Authentication app" }).click();
  await expect(page.getByLabel("6-digit verification code")).toBeVisible();
  const newPassword = "a forgotten password, replaced";

  // Without the right code the password stays as it was.
  await page.getByLabel("New password").fill(newPassword);
  await page.getByLabel("6-digit verification code").fill(wrongTotpCode(app.secret));
  await page.getByRole("button", { name: "Reset password" }).click();
  await expect(page.getByRole("main").getByRole("alert").filter({ hasText: "That code is not correct. Check it and try again." })).toBeVisible();
  await expect(page.getByLabel("6-digit verification code")).toHaveAccessibleDescription(/not correct/);
  // Only the code is asked for again: the new password is still there.
  await expect(page.getByLabel("New password")).toHaveValue(newPassword);

  await page.getByLabel("6-digit verification code").fill(await nextTotpCode(app));
  await page.getByRole("button", { name: "Reset password" }).click();
  await expect(page).toHaveURL(/\/sign-in\?password-set=1$/);
  const notice = await latestMailTo(newUser.email, { subject: "Your password was reset", after: requestedAt });
  expect(notice.text).toContain("If this was not you");

  // The link worked once.
  await page.goto(link);
  await expect(page.getByRole("heading", { level: 1, name: "This link cannot be used" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Send a new link" })).toHaveAttribute("href", "/forgot-password");

  // The old password is dead; the new one and the second factor sign in.
  await signIn(page, newUser);
  await expect(page.getByRole("main").getByRole("alert").filter({ hasText: "The email or password is incorrect." })).toBeVisible();
  await signIn(page, { email: newUser.email, password: newPassword });
  await expect(page).toHaveURL(/\/sign-in\/verify$/);
  await page.getByLabel("6-digit verification code").fill(await nextTotpCode(app));
  await page.getByRole("button", { name: "Verify code" }).click();
  await expect(page).toHaveURL(/\/customer-area$/);
});

test("Send reset link gives the same answer for an address without a user", async ({ page }) => {
  await page.goto("/forgot-password");
  await page.getByLabel("Email").fill("nobody-here@example.test");
  await page.getByRole("button", { name: "Send reset link" }).click();
  await expect(page.getByRole("status")).toContainText("Check your inbox. If nobody-here@example.test belongs to a user");
  await page.getByRole("link", { name: "Back to sign in" }).click();
  await expect(page).toHaveURL(/\/sign-in$/);
});
