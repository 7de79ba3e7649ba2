import { expectNoAxeViolations } from "./axe";
import { expect, latestMailTo, signIn, test } from "./fixtures";
import { enableAuthenticatorApp, methodSwitch, nextTotpCode, savedCodesCheckbox, signOut } from "./two-factor-helpers";
import { timeStep, totpCodeForStep } from "./totp";

test("sign-in, sign-up, forgot password, Security and access, its dialogs, the verify and reset steps pass axe's WCAG A/AA checks", async ({
  page,
  newUser,
}) => {
  // Ten pages and dialogs, each through axe, and a wait for the next authenticator code: CI's PostgreSQL run
  // ran out of the default 60 s at the last page on a loaded machine.
  test.slow();
  await page.goto("/customer-area/security");
  await expectNoAxeViolations(page, "Security and access");

  await methodSwitch(page, "Authentication app").click();
  await expectNoAxeViolations(page, "the password dialog");
  await page.getByRole("dialog").getByLabel("Password").fill(newUser.password);
  await page.getByRole("button", { name: "Confirm password" }).click();
  await expect(page.getByRole("img", { name: /QR code/ })).toBeVisible();
  await expectNoAxeViolations(page, "the QR code step");
  await page.getByRole("button", { name: "Close" }).click();

  const app = await enableAuthenticatorApp(page, newUser.password);
  await signOut(page, newUser.name);
  await expectNoAxeViolations(page, "sign-in");
  await signIn(page, newUser);
  await expect(page).toHaveURL(/\/sign-in\/verify$/);
  await expectNoAxeViolations(page, "the verify step");
  await page.getByRole("link", { name: "Use a recovery code" }).click();
  await expect(page.getByLabel("Recovery code")).toBeVisible();
  await expectNoAxeViolations(page, "the recovery code step");
  await page.getByRole("link", { name: "Use another method: Authentication app" }).click();
  await page.getByLabel("6-digit verification code").fill(await nextTotpCode(app));
  await page.getByRole("button", { name: "Verify code" }).click();
  await expect(page).toHaveURL(/\/customer-area$/);

  await page.goto("/customer-area/security");
  await page.getByRole("button", { name: "Generate new codes" }).click();
  await page.getByRole("dialog").getByLabel("Password").fill(newUser.password);
  await page.getByRole("dialog").getByRole("button", { name: "Generate new codes" }).click();
  await expect(page.getByRole("list", { name: "Recovery codes" })).toBeVisible();
  await expectNoAxeViolations(page, "the recovery codes step");
  await page.getByRole("button", { name: "Close" }).click();

  await signOut(page, newUser.name);
  await page.goto("/sign-up");
  await expectNoAxeViolations(page, "sign-up");

  await page.goto("/forgot-password");
  await expectNoAxeViolations(page, "forgot password");
  await page.getByLabel("Email").fill(newUser.email);
  await page.getByRole("button", { name: "Send reset link" }).click();
  await expect(page.getByRole("status")).toContainText("Check your inbox.");
  const resetMail = await latestMailTo(newUser.email, { subject: "Reset your password" });
  await page.goto(/https?:\/\/\S+\/reset-password\?token=[\w-]+/.exec(resetMail.text)![0]);
  await expect(page.getByLabel("6-digit verification code")).toBeVisible();
  await expectNoAxeViolations(page, "the reset step with the second factor");
});

test("the authentication app can be turned on with the keyboard alone", async ({ page, newUser }) => {
  await page.goto("/customer-area/security");
  const appSwitch = methodSwitch(page, "Authentication app");
  await appSwitch.focus();
  await page.keyboard.press("Space");

  const dialog = page.getByRole("dialog");
  await expect(dialog.getByLabel("Password")).toBeFocused();
  await page.keyboard.type(newUser.password);
  await page.keyboard.press("Enter");

  // The step starts at its instruction (the user scans or types the key first); Tab goes on to the key and the code.
  await expect(dialog.getByText("Use an authentication app to read the QR Code or enter the code manually.")).toBeFocused();
  await page.keyboard.press("Tab");
  await expect(dialog.getByRole("button", { name: "Copy key" })).toBeFocused();
  await page.keyboard.press("Tab");
  const code = dialog.getByLabel("6-digit verification code");
  await expect(code).toBeFocused();
  const secret = ((await dialog.getByTestId("manual-key").textContent()) ?? "").replace(/\s/g, "");
  await page.keyboard.type(totpCodeForStep(secret, timeStep()));
  await page.keyboard.press("Enter");
  await expect(dialog.getByText("The authentication app is now active.")).toBeVisible();

  // The recovery codes come first: Download has the focus, and Done waits for the confirmation.
  const done = dialog.getByRole("button", { name: "Done" });
  await expect(dialog.getByRole("button", { name: "Download" })).toBeFocused();
  await expect(done).toBeDisabled();
  await expect(done).toHaveAccessibleDescription(/tick "I have saved my recovery codes" first/);
  for (const next of ["Copy", "Print"]) {
    await page.keyboard.press("Tab");
    await expect(dialog.getByRole("button", { name: next })).toBeFocused();
  }
  await page.keyboard.press("Tab");
  await expect(savedCodesCheckbox(dialog)).toBeFocused();
  await page.keyboard.press("Space");
  await expect(savedCodesCheckbox(dialog)).toBeChecked();
  await page.keyboard.press("Tab");
  await page.keyboard.press("Tab");

  // Then Done; Enter closes the dialog and the switch reads as on.
  await expect(done).toBeFocused();
  await expect(done).toBeEnabled();
  await page.keyboard.press("Enter");
  await expect(dialog).toBeHidden();
  await expect(appSwitch).toHaveAttribute("aria-checked", "true");

  // Escape closes a dialog; the sole method's switch stays focusable and explains itself.
  await methodSwitch(page, "Email").focus();
  await page.keyboard.press("Space");
  await expect(dialog).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  await appSwitch.focus();
  await expect(appSwitch).toBeFocused();
  await expect(appSwitch).toHaveAccessibleDescription(/This is your only method/);
});

test("Users, with its filter and the Require two-factor authentication form, passes axe's WCAG A/AA checks on a desktop and a phone", async ({
  page,
  newUser,
}) => {
  await page.goto("/customer-area/users");
  await expect(page.getByRole("cell", { name: newUser.email })).toBeVisible();
  await expectNoAxeViolations(page, "Users");
  await page.getByRole("link", { name: "Without two-factor authentication" }).click();
  await expect(page.getByRole("cell", { name: newUser.email })).toBeVisible();
  await page.setViewportSize({ width: 390, height: 844 });
  await expectNoAxeViolations(page, "Users on a phone, filtered");
});
