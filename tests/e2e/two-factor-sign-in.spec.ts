import type { Page } from "@playwright/test";
import { expect, latestMailTo, signIn, test } from "./fixtures";
import {
  enableAuthenticatorApp,
  enableEmailMethod,
  enterEmailedSignInCode,
  methodRow,
  methodSwitch,
  nextTotpCode,
  signOut,
  twoFactorSection,
} from "./two-factor-helpers";

/** Where a completed second factor lands. */
async function expectCustomerArea(page: Page, name: string) {
  await expect(page).toHaveURL(/\/customer-area$/);
  await expect(page.getByRole("heading", { name: `Welcome, ${name}` })).toBeVisible();
}

test("a user with both methods signs in with the primary, then with the other method", async ({ page, newUser }) => {
  await page.goto("/customer-area/security");
  const app = await enableAuthenticatorApp(page, newUser.password);
  await enableEmailMethod(page, newUser);
  await expect(methodRow(page, "Authentication app").getByText("Primary", { exact: true })).toBeVisible();
  await expect(methodRow(page, "Email").getByText("Primary", { exact: true })).toHaveCount(0);
  await expect(twoFactorSection(page).getByRole("button", { name: "Preferences" })).toBeEnabled();
  if (process.env.SCREENSHOT) {
    // For the README; only on request, so CI never depends on it.
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.screenshot({ path: "docs/security-and-access.png", fullPage: true });
  }

  // The primary method first: the authentication app.
  await signOut(page, newUser.name);
  await signIn(page, newUser);
  await expect(page).toHaveURL(/\/sign-in\/verify$/);
  await expect(page.getByText(/Open your authentication app and enter the 6-digit code/)).toBeVisible();
  await expect(page.getByRole("button", { name: "Resend code" })).toHaveCount(0);
  await page.getByLabel("6-digit verification code").fill(await nextTotpCode(app));
  await page.getByRole("button", { name: "Verify code" }).click();
  await expectCustomerArea(page, newUser.name);

  // A new sign-in with "Use another method": the email code is sent when that method is shown.
  await signOut(page, newUser.name);
  await signIn(page, newUser);
  await expect(page).toHaveURL(/\/sign-in\/verify$/);
  const sentAfter = new Date();
  await page.getByRole("link", { name: "Use another method: Email" }).click();
  await page.waitForURL(/method=email/);
  // Every countdown the page shows, from the first: it starts at 60 s, not 61.
  await page.evaluate(() => {
    const seen: number[] = [];
    (window as unknown as { countdowns: number[] }).countdowns = seen;
    const record = () => {
      const match = /ask for a new code in (\d+) s/.exec(document.body.innerText);
      if (match) seen.push(Number(match[1]));
    };
    record();
    new MutationObserver(record).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
  await expect(page.getByText(/We sent a 6-digit code to/)).toBeVisible();
  await expect(page.getByRole("button", { name: "Resend code" })).toBeDisabled();
  await expect(page.getByText(/You can ask for a new code in \d+ s\./)).toBeVisible();
  const countdowns = await page.evaluate(() => (window as unknown as { countdowns: number[] }).countdowns);
  expect(countdowns.length).toBeGreaterThan(0);
  expect(Math.max(...countdowns)).toBe(60);
  // …and counts down from there.
  await expect(page.getByText(/You can ask for a new code in 5[0-8] s\./)).toBeVisible();
  await expect(page.getByRole("link", { name: "Use another method: Authentication app" })).toBeVisible();
  await enterEmailedSignInCode(page, newUser, sentAfter);
  await expectCustomerArea(page, newUser.name);
});

test("Set one of these methods as primary: Preferences, select, Save (no password), and the next sign-in asks for it first", async ({
  page,
  newUser,
}) => {
  await page.goto("/customer-area/security");
  await enableAuthenticatorApp(page, newUser.password);
  await enableEmailMethod(page, newUser);

  // 2. Click the preferences button, located in the right-hand corner of the Two-factor authentication section.
  await twoFactorSection(page).getByRole("button", { name: "Preferences" }).click();
  const dialog = page.getByRole("dialog", { name: "Two-factor preferences" });
  await expect(dialog.getByRole("radio", { name: "Authentication app" })).toBeChecked();
  // Both methods are already the user's own: the article asks no password here.
  await expect(dialog.getByLabel("Password")).toHaveCount(0);

  // 3. Select the method you want to set as primary and click the Save button.
  const savedAfter = new Date();
  await dialog.getByRole("radio", { name: "Email" }).check();
  await dialog.getByRole("button", { name: "Save" }).click();
  await expect(dialog.getByRole("status")).toHaveText("Your primary method is now email verification.");
  await expect(dialog.getByText(/could not send/)).toHaveCount(0);
  await dialog.getByRole("button", { name: "Done" }).click();
  await expect(dialog).toBeHidden();
  await expect(methodRow(page, "Email").getByText("Primary", { exact: true })).toBeVisible();
  await expect(methodRow(page, "Authentication app").getByText("Primary", { exact: true })).toHaveCount(0);
  await latestMailTo(newUser.email, { subject: "Primary verification method changed", after: savedAfter });

  // Saving the method that is already primary is said as such: nothing changed, no mail due, none said to have failed.
  await twoFactorSection(page).getByRole("button", { name: "Preferences" }).click();
  await expect(dialog.getByRole("radio", { name: "Email" })).toBeChecked();
  await dialog.getByRole("button", { name: "Save" }).click();
  await expect(dialog.getByRole("status")).toHaveText("Email verification was already your primary method. Nothing changed.");
  await expect(dialog.getByText(/could not send/)).toHaveCount(0);
  await dialog.getByRole("button", { name: "Done" }).click();
  await expect(dialog).toBeHidden();

  // The next sign-in asks for the email code first, with the app as the other method.
  await signOut(page, newUser.name);
  const sentAfter = new Date();
  await signIn(page, newUser);
  await expect(page).toHaveURL(/\/sign-in\/verify$/);
  await expect(page.getByText(/We sent a 6-digit code to/)).toBeVisible();
  await expect(page.getByRole("link", { name: "Use another method: Authentication app" })).toBeVisible();
  await enterEmailedSignInCode(page, newUser, sentAfter);
  await expectCustomerArea(page, newUser.name);
});

test("Preferences keeps the chosen method after a failed Save, and says what failed", async ({ page, newUser }) => {
  await page.goto("/customer-area/security");
  await enableAuthenticatorApp(page, newUser.password);
  await enableEmailMethod(page, newUser);
  await twoFactorSection(page).getByRole("button", { name: "Preferences" }).click();
  const dialog = page.getByRole("dialog", { name: "Two-factor preferences" });

  // Meanwhile, in another tab, email verification is turned off.
  const otherTab = await page.context().newPage();
  await otherTab.goto("/customer-area/security");
  await methodSwitch(otherTab, "Email").click();
  const deactivate = otherTab.getByRole("dialog", { name: "Turn off email verification" });
  await deactivate.getByLabel("Password").fill(newUser.password);
  await deactivate.getByRole("button", { name: "Deactivate" }).click();
  await expect(deactivate.getByRole("status")).toContainText("is turned off");
  await otherTab.close();

  await dialog.getByRole("radio", { name: "Email" }).check();
  await dialog.getByRole("button", { name: "Save" }).click();
  await expect(dialog.getByRole("alert")).toHaveText("This method is not on.");
  // The choice the user made is still the one on screen, not the current primary.
  await expect(dialog.getByRole("radio", { name: "Email" })).toBeChecked();
  await expect(dialog.getByRole("radio", { name: "Authentication app" })).not.toBeChecked();
});

test("deactivate a method (switch off, password, Deactivate); the sole remaining one cannot be turned off", async ({
  page,
  newUser,
}) => {
  await page.goto("/customer-area/security");
  await enableAuthenticatorApp(page, newUser.password);
  await enableEmailMethod(page, newUser);
  const appSwitch = methodSwitch(page, "Authentication app");
  const emailSwitch = methodSwitch(page, "Email");
  await expect(appSwitch).toBeEnabled();
  await expect(emailSwitch).toBeEnabled();

  // Step 7: disable this method, enter your password, and click the Deactivate button.
  // The primary one, so the other becomes primary.
  await appSwitch.click();
  const dialog = page.getByRole("dialog", { name: "Turn off the authentication app" });
  // Before Deactivate, the dialog says what stays; Cancel changes nothing.
  await expect(dialog.getByText("Email verification stays on and becomes your primary method", { exact: false })).toBeVisible();
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toBeHidden();
  await expect(appSwitch).toBeChecked();
  await appSwitch.click();
  await dialog.getByLabel("Password").fill("not-the-password");
  await dialog.getByRole("button", { name: "Deactivate" }).click();
  await expect(dialog.getByRole("alert")).toHaveText("The password is incorrect.");
  await expect(appSwitch).toBeChecked();

  const deactivatedAfter = new Date();
  await dialog.getByLabel("Password").fill(newUser.password);
  await dialog.getByRole("button", { name: "Deactivate" }).click();
  await expect(dialog.getByRole("status")).toContainText("Authentication app is turned off.");
  await dialog.getByRole("button", { name: "Done" }).click();
  await expect(dialog).toBeHidden();
  await latestMailTo(newUser.email, { subject: "Authentication app turned off", after: deactivatedAfter });

  await expect(appSwitch).not.toBeChecked();
  await expect(appSwitch).toBeEnabled();
  await expect(methodRow(page, "Email").getByText("Primary", { exact: true })).toBeVisible();

  // The sole remaining method: its switch is disabled and the page explains why.
  await expect(emailSwitch).toBeChecked();
  await expect(emailSwitch).toBeDisabled();
  await expect(methodRow(page, "Email").getByText(/This is your only method, so it cannot be turned off/)).toBeVisible();
  await expect(emailSwitch).toHaveAccessibleDescription(/you must have both methods active/);
  const preferences = twoFactorSection(page).getByRole("button", { name: "Preferences" });
  await expect(preferences).toBeDisabled();
  await expect(preferences).toHaveAccessibleDescription("You can choose a primary method once both methods are active.");

  // Still true after a reload, and the sign-in asks for the email code only.
  await page.reload();
  await expect(emailSwitch).toBeDisabled();
  await signOut(page, newUser.name);
  await signIn(page, newUser);
  await expect(page).toHaveURL(/\/sign-in\/verify$/);
  await expect(page.getByText(/We sent a 6-digit code to/)).toBeVisible();
  await expect(page.getByRole("link", { name: /Use another method/ })).toHaveCount(0);
});
