import type { Page } from "@playwright/test";
import { expectNoAxeViolations } from "./axe";
import { expect, signIn, test } from "./fixtures";
import {
  enableEmailMethod,
  methodRow,
  methodSwitch,
  openSecurityAndAccess,
  saveRecoveryCodes,
  signOut,
  twoFactorSection,
} from "./two-factor-helpers";

/**
 * A security key as Chromium sees one: the DevTools protocol's virtual
 * authenticator (CTAP2, resident keys, user verification), which answers the
 * browser's prompt at once. It stays with the page across navigations.
 */
async function addVirtualAuthenticator(page: Page) {
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
  await methodSwitch(page, "Security key or passkey").click();
  const dialog = page.getByRole("dialog", { name: "Add a security key or passkey" });
  await dialog.getByLabel("Password").fill(newUser.password);
  await dialog.getByRole("button", { name: "Confirm password" }).click();
  await dialog.getByLabel("Name of the key").fill("A key with a rather long name, 64 characters at most, fits too");
  await dialog.getByRole("button", { name: "Save key" }).click();
  await saveRecoveryCodes(dialog);
  await dialog.getByRole("button", { name: "Done" }).click();
  const keys = page.getByRole("list", { name: "Your security keys and passkeys" });
  await expect(keys.getByRole("button", { name: "Rename" })).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await page.screenshot({ path: test.info().outputPath("security-keys-390.png"), fullPage: true });
});
