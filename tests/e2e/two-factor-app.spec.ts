import { expect, latestMailTo, signIn, test } from "./fixtures";
import { totpCode, totpCodeForStep } from "./totp";
import {
  type AuthenticatorApp,
  enableAuthenticatorApp,
  methodRow,
  methodSwitch,
  nextTotpCode,
  openSecurityAndAccess,
  saveRecoveryCodes,
  signOut,
  twoFactorSection,
  wrongTotpCode,
} from "./two-factor-helpers";

/** The help article, "Enable 2FA via mobile phone (authentication app)", steps 1-6, with its wording. */
test("Enable 2FA via mobile phone: the article's steps 1-6, then sign-in asks for the app's code", async ({
  page,
  newUser,
}) => {
  // 1. In the customer area, access the user menu and click on Security and access.
  await openSecurityAndAccess(page, newUser.name);
  const section = twoFactorSection(page);
  await expect(section.getByRole("heading", { name: "Two-factor authentication" })).toBeVisible();
  await expect(section.getByRole("button", { name: "Preferences" })).toBeDisabled();

  // 2. Activate the button in the Authentication app section.
  const appSwitch = methodSwitch(page, "Authentication app");
  await expect(appSwitch).not.toBeChecked();
  await appSwitch.click();
  const dialog = page.getByRole("dialog", { name: "Turn on the authentication app" });
  await expect(dialog).toBeVisible();

  // 3. Enter your password and click on Confirm password (a wrong one first).
  await dialog.getByLabel("Password").fill("not-the-password");
  await dialog.getByRole("button", { name: "Confirm password" }).click();
  await expect(dialog.getByRole("alert")).toHaveText("The password is incorrect.");
  await expect(dialog.getByRole("img", { name: /QR code/ })).toHaveCount(0);
  await dialog.getByLabel("Password").fill(newUser.password);
  await dialog.getByRole("button", { name: "Confirm password" }).click();

  // 4. Use an authentication app to read the QR Code or enter the code manually.
  await expect(dialog.getByText("Use an authentication app to read the QR Code or enter the code manually.")).toBeVisible();
  const qrCode = dialog.getByRole("img", { name: /QR code/ });
  await expect(qrCode).toBeVisible();
  expect(await qrCode.getAttribute("src")).toMatch(/^data:image\/(png|svg\+xml);base64,/);
  await expect(dialog.getByText(/We recommend the applications Google Authenticator or Microsoft Authenticator/)).toBeVisible();
  const manualKey = dialog.getByTestId("manual-key");
  await expect(manualKey).toBeVisible();
  const shownKey = (await manualKey.innerText()).trim();
  // Base32 in groups of four; at least 160 bits (32 characters).
  expect(shownKey).toMatch(/^[A-Z2-7]{4}( [A-Z2-7]{1,4})+$/);
  const app: AuthenticatorApp = { secret: shownKey.replace(/\s/g, ""), lastAcceptedStep: -1 };
  expect(app.secret.length).toBeGreaterThanOrEqual(32);
  await expect(dialog.getByRole("button", { name: "Copy key" })).toBeVisible();

  // 5. The 6-digit code from the app goes into the 6-digit verification code field: a wrong one first,
  //    then one from a phone whose clock is five minutes fast.
  const codeField = dialog.getByLabel("6-digit verification code");
  await codeField.fill(wrongTotpCode(app.secret));
  await dialog.getByRole("button", { name: "Verify code" }).click();
  await expect(dialog.getByText("That code is not correct. Check it and try again.")).toBeVisible();
  await codeField.fill(totpCode(app.secret, 10));
  await dialog.getByRole("button", { name: "Verify code" }).click();
  await expect(dialog.getByText(/your device's clock looks ahead by about 300 seconds \(5 minutes\)/)).toBeVisible();
  await expect(appSwitch).not.toBeChecked();

  // 6. Click on Verify code.
  const enabledAt = new Date();
  await codeField.fill(await nextTotpCode(app));
  await dialog.getByRole("button", { name: "Verify code" }).click();
  await expect(dialog.getByRole("status")).toHaveText("The authentication app is now active. It is your primary method.");
  await expect(dialog.getByRole("button", { name: /other sessions/ })).toBeVisible();
  // The first method brings recovery codes: Done waits until they are saved.
  await saveRecoveryCodes(dialog);
  await dialog.getByRole("button", { name: "Done" }).click();
  await expect(dialog).toBeHidden();

  const row = methodRow(page, "Authentication app");
  await expect(appSwitch).toBeChecked();
  await expect(row.getByText("Active", { exact: true })).toBeVisible();
  await expect(row.getByText("Primary", { exact: true })).toBeVisible();
  // The sole method cannot be switched off, and the page says why.
  await expect(appSwitch).toBeDisabled();
  await expect(row.getByText(/This is your only method, so it cannot be turned off/)).toBeVisible();
  await expect(appSwitch).toHaveAccessibleDescription(/you must have both methods active/);
  await expect(section.getByRole("button", { name: "Preferences" })).toBeDisabled();

  const notice = await latestMailTo(newUser.email, { subject: "Authentication app turned on", after: enabledAt });
  expect(notice.text).toContain("If this was not you");
  expect(notice.text).not.toContain(app.secret);
  expect(notice.html).not.toContain(app.secret);

  // Sign-in now needs the app's code after the password.
  await signOut(page, newUser.name);
  await signIn(page, newUser);
  await expect(page).toHaveURL(/\/sign-in\/verify$/);
  await expect(page.getByRole("heading", { name: "Verify it's you" })).toBeVisible();
  await expect(page.getByRole("link", { name: /Use another method/ })).toHaveCount(0);
  // Without the second factor there is no session yet.
  await page.goto("/customer-area/security");
  await expect(page).toHaveURL(/\/sign-in/);
  await signIn(page, newUser);
  await expect(page).toHaveURL(/\/sign-in\/verify$/);
  await page.getByLabel("6-digit verification code").fill(await nextTotpCode(app));
  await page.getByRole("button", { name: "Verify code" }).click();
  await expect(page).toHaveURL(/\/customer-area$/);
  await expect(page.getByRole("heading", { name: `Welcome, ${newUser.name}` })).toBeVisible();
});

test("the code accepted when the app was turned on cannot be used again to sign in", async ({ page, newUser }) => {
  await page.goto("/customer-area/security");
  const app = await enableAuthenticatorApp(page, newUser.password);
  const usedCode = totpCodeForStep(app.secret, app.lastAcceptedStep);

  await signOut(page, newUser.name);
  await signIn(page, newUser);
  await expect(page).toHaveURL(/\/sign-in\/verify$/);
  await page.getByLabel("6-digit verification code").fill(usedCode);
  await page.getByRole("button", { name: "Verify code" }).click();
  // (Not getByRole("alert") alone: Next.js's route announcer is an alert too.)
  await expect(page.getByRole("main").getByRole("alert")).toHaveText("That code is not correct. Check it and try again.");
  await expect(page).toHaveURL(/\/sign-in\/verify$/);

  await page.getByLabel("6-digit verification code").fill(await nextTotpCode(app));
  await page.getByRole("button", { name: "Verify code" }).click();
  await expect(page).toHaveURL(/\/customer-area$/);
});

test("the second-factor page has one main button, the rest as links in text, and warns before the last try", async ({
  page,
  newUser,
}) => {
  await page.goto("/customer-area/security");
  const app = await enableAuthenticatorApp(page, newUser.password);
  await signOut(page, newUser.name);
  // Asked for a page of the customer area: after both steps, the sign-in returns there.
  await page.goto("/customer-area/security");
  await page.getByLabel("Email").fill(newUser.email);
  await page.getByLabel("Password").fill(newUser.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/sign-in\/verify$/);

  const main = page.getByRole("main");
  await expect(main.locator(".button")).toHaveCount(1);
  await expect(main.getByRole("button", { name: "Verify code" })).toHaveClass(/button-primary/);
  await expect(main.getByRole("link", { name: "Use a recovery code" })).toBeVisible();
  await expect(main.getByRole("button", { name: "Cancel", exact: true })).toBeVisible();

  // 5 tries per sign-in: the 4th wrong code says that the next one is the last.
  const codeField = page.getByLabel("6-digit verification code");
  for (let attempt = 1; attempt <= 4; attempt++) {
    await codeField.fill(wrongTotpCode(app.secret));
    const answered = page.waitForResponse((response) => response.url().endsWith("/sign-in/verify/code"));
    await page.getByRole("button", { name: "Verify code" }).click();
    await answered;
    await expect(codeField).toHaveValue("");
    const alert = main.getByRole("alert");
    if (attempt < 4) {
      await expect(alert).toHaveText("That code is not correct. Check it and try again.");
    } else {
      await expect(alert).toHaveText("That code is not correct. Check it and try again. 1 try left before you sign in again.");
    }
  }
  await codeField.fill(await nextTotpCode(app));
  await page.getByRole("button", { name: "Verify code" }).click();
  await expect(page).toHaveURL(/\/customer-area\/security$/);
});

test("/sign-in/verify without a pending sign-in redirects to /sign-in", async ({ page }) => {
  await page.goto("/sign-in/verify");
  await expect(page).toHaveURL(/\/sign-in$/);
  await page.goto("/sign-in/verify?method=email");
  await expect(page).toHaveURL(/\/sign-in$/);
  await expect(page.getByRole("button", { name: "Sign in" })).toBeVisible();
});

test("on a phone-sized screen the setup also offers a link that opens the authenticator app", async ({ page, newUser }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto("/customer-area/security");
  await page.getByRole("switch", { name: "Authentication app" }).click();
  await page.getByRole("dialog").getByLabel("Password").fill(newUser.password);
  await page.getByRole("button", { name: "Confirm password" }).click();

  const openInApp = page.getByRole("link", { name: "Open in your authentication app" });
  await expect(openInApp).toBeVisible();
  const uri = new URL((await openInApp.getAttribute("href")) ?? "");
  expect(uri.protocol).toBe("otpauth:");
  expect(uri.host).toBe("totp");
  expect(decodeURIComponent(uri.pathname)).toBe(`/Acme customer area:${newUser.email}`);
  const manualKey = (await page.getByTestId("manual-key").textContent())?.replace(/\s/g, "");
  expect(uri.searchParams.get("secret")).toBe(manualKey);
  expect(uri.searchParams.get("issuer")).toBe("Acme customer area");

  await page.setViewportSize({ width: 1280, height: 900 });
  await expect(openInApp).toBeHidden();
});

test.describe("on a 390 px phone", () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test("the setup dialog opens at its top, leaves the code field alone, and puts the link and the key before the QR code", async ({
    page,
    newUser,
  }) => {
    await page.goto("/customer-area/security");
    await methodSwitch(page, "Authentication app").click();
    const dialog = page.getByRole("dialog", { name: "Turn on the authentication app" });
    await dialog.getByLabel("Password").fill(newUser.password);
    await dialog.getByRole("button", { name: "Confirm password" }).click();

    const instruction = dialog.getByText("Use an authentication app to read the QR Code or enter the code manually.");
    await expect(instruction).toBeFocused();
    await expect(dialog.getByRole("heading", { name: "Turn on the authentication app" })).toBeInViewport();
    await expect(dialog.getByRole("button", { name: "Close" })).toBeInViewport();
    await expect(instruction).toBeInViewport();
    await expect(dialog.getByLabel("6-digit verification code")).not.toBeFocused();

    const link = dialog.getByRole("link", { name: "Open in your authentication app" });
    await expect(link).toHaveAttribute("href", /^otpauth:\/\/totp\//);
    const qrTop = (await dialog.getByRole("img", { name: /QR code/ }).boundingBox())!.y;
    expect((await link.boundingBox())!.y).toBeLessThan(qrTop);
    expect((await dialog.getByTestId("manual-key").boundingBox())!.y).toBeLessThan(qrTop);

    // No group of four is split across two lines.
    const groupsOnOneLine = await dialog
      .getByTestId("manual-key")
      .locator(".key-group")
      .evaluateAll((groups) => groups.every((group) => group.getClientRects().length === 1));
    expect(groupsOnOneLine).toBe(true);

    await dialog.getByRole("button", { name: "Cancel" }).click();
    await expect(dialog).toBeHidden();
    await expect(methodSwitch(page, "Authentication app")).not.toBeChecked();
  });
});

test("'Set up two-factor authentication' lands on the section, which comes first; switches say On or Off; the password form waits behind Change password", async ({
  page,
  newUser,
}) => {
  await page.getByRole("link", { name: "Set up two-factor authentication" }).click();
  await expect(page).toHaveURL(/\/customer-area\/security#two-factor$/);
  const section = twoFactorSection(page);
  await expect(section).toBeFocused();
  await expect(section).toBeInViewport();
  const headings = await page.getByRole("main").getByRole("heading", { level: 2 }).allInnerTexts();
  expect(headings[0]).toBe("Two-factor authentication");

  await expect(methodRow(page, "Authentication app").getByText("Off", { exact: true })).toBeVisible();
  await enableAuthenticatorApp(page, newUser.password);
  await expect(methodRow(page, "Authentication app").getByText("On", { exact: true })).toBeVisible();
  await expect(methodRow(page, "Email").getByText("Off", { exact: true })).toBeVisible();

  await expect(page.getByLabel("Current password")).toHaveCount(0);
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByLabel("Current password")).toBeFocused();
  await page.getByRole("region", { name: "Password" }).getByRole("button", { name: "Cancel" }).click();
  await expect(page.getByLabel("Current password")).toHaveCount(0);
});
