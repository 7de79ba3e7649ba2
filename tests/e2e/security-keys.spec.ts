import { expectNoAxeViolations } from "./axe";
import { expect, signIn, test } from "./fixtures";
import {
  addSecurityKey,
  addVirtualAuthenticator,
  enableAuthenticatorApp,
  enableEmailMethod,
  nextTotpCode,
  methodRow,
  methodSwitch,
  openSecurityAndAccess,
  saveRecoveryCodes,
  signOut,
  twoFactorSection,
} from "./two-factor-helpers";

test("a security key: added with the password and a name, used to sign in, renamed, then removed", async ({ page, newUser }) => {
  const authenticator = await addVirtualAuthenticator(page);
  await openSecurityAndAccess(page, newUser.name);

  // Switch on → password → Confirm password → the browser's prompt → a name for the key.
  const keySwitch = methodSwitch(page, "Security key or passkey");
  await expect(keySwitch).not.toBeChecked();
  await keySwitch.click();
  const dialog = page.getByRole("dialog", { name: "Add a security key or passkey" });
  await dialog.getByLabel("Password").fill(newUser.password);
  await dialog.getByRole("button", { name: "Confirm password" }).click();
  await expect(dialog.getByLabel("Name of the key")).toBeFocused();
  await expectNoAxeViolations(page, "the key's name step");
  await dialog.getByLabel("Name of the key").fill("YubiKey 5");
  await dialog.getByRole("button", { name: "Save key" }).click();
  await expect(dialog.getByRole("status").first()).toContainText("Security key or passkey is now active");
  await saveRecoveryCodes(dialog);
  await dialog.getByRole("button", { name: "Done" }).click();
  await expect(dialog).toBeHidden();
  expect(await authenticator.credentials()).toHaveLength(1);

  const row = methodRow(page, "Security key or passkey");
  await expect(keySwitch).toBeChecked();
  await expect(row.getByText("Primary")).toBeVisible();
  const keys = row.getByRole("list", { name: "Your security keys and passkeys" });
  await expect(keys.getByRole("listitem")).toHaveCount(1);
  await expect(keys).toContainText("YubiKey 5");
  await expect(keys).toContainText("Not used to sign in yet");
  // The sole method: neither its switch nor its last key's Remove turns it off.
  await expect(keySwitch).toHaveAccessibleDescription(/To turn it off, turn on another method first/);
  await expect(keys.getByRole("button", { name: "Remove" })).toHaveAttribute("aria-disabled", "true");
  await expectNoAxeViolations(page, "Security and access with a security key");

  // Sign out, then in: the password, then the key (the primary method, asked first).
  await signOut(page, newUser.name);
  await signIn(page, newUser);
  await expect(page).toHaveURL(/\/sign-in\/verify$/);
  await expectNoAxeViolations(page, "the verify step with a security key");
  await page.getByRole("button", { name: "Use security key or passkey" }).click();
  await expect(page).toHaveURL(/\/customer-area$/);

  await openSecurityAndAccess(page, newUser.name);
  await expect(keys).toContainText("Last used");
  await expect(page.getByRole("region", { name: "Recent security activity" })).toContainText(
    "Signed in with a security key or passkey",
  );

  // Rename: the new name and the password.
  await keys.getByRole("button", { name: "Rename" }).click();
  const rename = page.getByRole("dialog", { name: "Rename security key or passkey" });
  await rename.getByLabel("New name").fill("Office key");
  await rename.getByLabel("Password").fill(newUser.password);
  await rename.getByRole("button", { name: "Rename key" }).click();
  await expect(rename.getByRole("status").first()).toHaveText("The key is renamed.");
  await rename.getByRole("button", { name: "Done" }).click();
  await expect(keys).toContainText("Office key");

  // Remove: with email on too, the last key can go, and the method with it.
  await enableEmailMethod(page, newUser);
  await keys.getByRole("button", { name: "Remove" }).click();
  const remove = page.getByRole("dialog", { name: "Remove security key or passkey" });
  await expect(remove).toContainText("This is your last key");
  await remove.getByLabel("Password").fill("not-the-password");
  await remove.getByRole("button", { name: "Remove key" }).click();
  await expect(remove.getByRole("alert")).toHaveText("The password is incorrect.");
  await remove.getByLabel("Password").fill(newUser.password);
  await remove.getByRole("button", { name: "Remove key" }).click();
  await expect(remove.getByRole("status").first()).toContainText("Security key or passkey is turned off");
  await remove.getByRole("button", { name: "Done" }).click();
  await expect(keySwitch).not.toBeChecked();
  await expect(methodRow(page, "Email").getByText("Primary")).toBeVisible();
  await expect(twoFactorSection(page).getByRole("list", { name: "Your security keys and passkeys" })).toHaveCount(0);
});

test("on a phone (390 px) the key list fits the screen", async ({ page, newUser }) => {
  await addVirtualAuthenticator(page);
  await page.setViewportSize({ width: 390, height: 844 });
  await openSecurityAndAccess(page, newUser.name);
  await addSecurityKey(page, newUser.password, "A key with a rather long name, 64 characters at most, fits too");
  const keys = page.getByRole("list", { name: "Your security keys and passkeys" });
  await expect(keys.getByRole("button", { name: "Rename" })).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await page.screenshot({ path: test.info().outputPath("security-keys-390.png"), fullPage: true });
});

test("with the authentication app too: the key is offered through \"Use another method\", and can be made primary", async ({
  page,
  newUser,
}) => {
  await addVirtualAuthenticator(page);
  await openSecurityAndAccess(page, newUser.name);
  const app = await enableAuthenticatorApp(page, newUser.password);
  await addSecurityKey(page, newUser.password, "MacBook");
  // Two methods on, neither sole: both switches can be turned off.
  await expect(methodSwitch(page, "Authentication app")).not.toHaveAttribute("aria-disabled", "true");
  await expect(methodSwitch(page, "Security key or passkey")).not.toHaveAttribute("aria-disabled", "true");

  // The primary (the app, turned on first) is asked first; the key is another method.
  await signOut(page, newUser.name);
  await signIn(page, newUser);
  await expect(page.getByLabel("6-digit verification code")).toBeVisible();
  await page.getByRole("link", { name: "Use another method: Security key or passkey" }).click();
  await page.getByRole("button", { name: "Use security key or passkey" }).click();
  await expect(page).toHaveURL(/\/customer-area$/);

  // Preferences lists every active method; the key becomes primary and is asked first.
  await openSecurityAndAccess(page, newUser.name);
  await twoFactorSection(page).getByRole("button", { name: "Preferences" }).click();
  const preferences = page.getByRole("dialog", { name: "Two-factor preferences" });
  await expect(preferences.getByRole("radio")).toHaveCount(2);
  await preferences.getByRole("radio", { name: "Security key or passkey" }).check();
  await preferences.getByRole("button", { name: "Save" }).click();
  await expect(preferences.getByRole("status")).toHaveText("Your primary method is now a security key or passkey.");
  await preferences.getByRole("button", { name: "Done" }).click();

  await signOut(page, newUser.name);
  await signIn(page, newUser);
  await expect(page.getByRole("button", { name: "Use security key or passkey" })).toBeVisible();
  await page.getByRole("link", { name: "Use another method: Authentication app" }).click();
  await page.getByLabel("6-digit verification code").fill(await nextTotpCode(app));
  await page.getByRole("button", { name: "Verify code" }).click();
  await expect(page).toHaveURL(/\/customer-area$/);
});
