import { randomUUID } from "node:crypto";
import type { Page } from "@playwright/test";
import { expectNoAxeViolations } from "./axe";
import { expect, test, uniqueEmail } from "./fixtures";
import {
  connectDemoSso,
  connectedAccountsSection,
  continueWithDemoSso,
  DEMO_SSO,
  signInAtDemoSso,
} from "./identity-provider-helpers";
import { enableAuthenticatorApp, nextTotpCode, signOut } from "./two-factor-helpers";

/**
 * Sign-in, sign-up and Connected accounts with an OpenID Connect provider: the
 * real one playwright.config.ts starts as "Demo SSO" (any login is the email,
 * any password; a login starting with `unverified` is an address it has not verified).
 */

async function expectCustomerArea(page: Page, name: string) {
  await expect(page).toHaveURL(/\/customer-area$/);
  await expect(page.getByRole("heading", { name: `Welcome, ${name}` })).toBeVisible();
}

/** The page itself never scrolls sideways. */
async function expectNoSidewaysScroll(page: Page): Promise<void> {
  const widths = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
  expect(widths.scroll, "page width against the viewport").toBeLessThanOrEqual(widths.client);
}

function userRow(page: Page, email: string) {
  return page.getByRole("row").filter({ has: page.getByRole("cell", { name: email, exact: true }) });
}

test("sign-up through Demo SSO: the provider vouches for the address, the person names the account and sets a password, and Demo SSO signs them in again without it", async ({
  page,
}) => {
  const email = uniqueEmail("sso");
  await page.goto("/sign-up");
  await continueWithDemoSso(page);
  await signInAtDemoSso(page, email);

  await expect(page).toHaveURL(/\/sign-up\/provider$/);
  await expect(page.getByRole("heading", { level: 1, name: "Create an account" })).toBeVisible();
  await expect(page.getByText(`confirmed by ${DEMO_SSO}`)).toContainText(email);
  await page.getByLabel("Company or account name").fill("Provider Ltd");
  await page.getByLabel("Your name").fill("Sam Provider");
  await page.getByLabel("Password").fill(`pw-${randomUUID()}`);
  await page.getByRole("button", { name: "Create account" }).click();
  await expectCustomerArea(page, "Sam Provider");

  // Listed as connected: the sign-up connected the identity that made it.
  await page.goto("/customer-area/security");
  await expect(connectedAccountsSection(page).getByRole("listitem")).toContainText(`${DEMO_SSO} · ${email}`);

  // No password asked: the provider still knows this browser, and the app signs the identity in.
  await signOut(page, "Sam Provider");
  await continueWithDemoSso(page);
  await expectCustomerArea(page, "Sam Provider");
});

test("a user with the authentication app connects Demo SSO, signs in with it and the app's code, then removes it", async ({
  page,
  newUser,
}) => {
  await page.goto("/customer-area/security");
  const app = await enableAuthenticatorApp(page, newUser.password);
  const section = connectedAccountsSection(page);
  await expect(section.getByText("No connected accounts.")).toBeVisible();

  await connectDemoSso(page, newUser.password, newUser.email);
  const identity = section.getByRole("listitem");
  await expect(identity).toHaveCount(1);
  await expect(identity).toContainText(`${DEMO_SSO} · ${newUser.email}`);
  await expect(identity).toContainText("Connected since");

  // The owner's Users page says so too.
  await page.goto("/customer-area/users");
  await expect(page.getByRole("columnheader", { name: "Connected accounts" })).toBeVisible();
  await expect(userRow(page, newUser.email).getByRole("cell", { name: DEMO_SSO, exact: true })).toBeVisible();

  // The provider's sign-in is the first step only: the second factor is still asked.
  await signOut(page, newUser.name);
  await continueWithDemoSso(page);
  await expect(page).toHaveURL(/\/sign-in\/verify$/);
  await page.getByLabel("6-digit verification code").fill(await nextTotpCode(app));
  await page.getByRole("button", { name: "Verify code" }).click();
  await expectCustomerArea(page, newUser.name);

  await page.goto("/customer-area/security");
  await section.getByRole("button", { name: `Remove ${DEMO_SSO} (${newUser.email})` }).click();
  const dialog = page.getByRole("dialog", { name: `Remove ${DEMO_SSO}` });
  await dialog.getByLabel("Password").fill(newUser.password);
  await dialog.getByRole("button", { name: "Remove", exact: true }).click();
  await expect(dialog.getByRole("status")).toHaveText(`${DEMO_SSO} (${newUser.email}) can no longer sign you in.`);
  await dialog.getByRole("button", { name: "Done" }).click();
  await expect(dialog).toBeHidden();
  await expect(section.getByText("No connected accounts.")).toBeVisible();
  await expect(section.getByRole("listitem")).toHaveCount(0);
});

test("Demo SSO with the address of an existing user is refused, not linked by address, and signs nobody in", async ({
  newUser,
  newBrowserContext,
}) => {
  const page = await (await newBrowserContext()).newPage();
  await page.goto("/sign-in");
  await continueWithDemoSso(page);
  await signInAtDemoSso(page, newUser.email);

  await expect(page).toHaveURL(/\/sign-in\?/);
  await expect(page.getByRole("main").getByRole("alert")).toHaveText(
    `An account already uses this email. Sign in with your password, then connect ${DEMO_SSO} under Security and access.`,
  );
  await page.goto("/customer-area");
  await expect(page).toHaveURL(/\/sign-in(\?|$)/);
  await expect(page.getByRole("heading", { level: 1, name: "Sign in" })).toBeVisible();
});

test("Demo SSO with an address it has not verified creates no user", async ({ page }) => {
  const email = uniqueEmail("unverified");
  await page.goto("/sign-up");
  await continueWithDemoSso(page);
  await signInAtDemoSso(page, email);

  await expect(page).toHaveURL(/\/sign-in\?/);
  await expect(page.getByRole("main").getByRole("alert")).toHaveText(
    `${DEMO_SSO} did not confirm that this email address is yours, so it cannot create a user. Create your account with your email address instead.`,
  );
  await page.goto("/sign-up/provider");
  await expect(page.getByRole("heading", { level: 1, name: "This sign-up has ended" })).toBeVisible();
});

test("Escape closes the Connect dialog and connects nothing; on a phone Connected accounts and the provider button fit", async ({
  page,
  newUser,
}) => {
  await page.goto("/customer-area/security");
  const section = connectedAccountsSection(page);
  await section.getByRole("button", { name: `Connect ${DEMO_SSO}` }).click();
  const dialog = page.getByRole("dialog", { name: `Connect ${DEMO_SSO}` });
  await expect(dialog.getByText(`Enter your password and click Continue. ${DEMO_SSO} then asks you to sign in there`)).toBeVisible();
  await dialog.getByLabel("Password").fill(newUser.password);
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  await expect(page).toHaveURL(/\/customer-area\/security$/);
  await expect(section.getByText("No connected accounts.")).toBeVisible();
  // Opened again, the dialog starts over: the password typed before is gone.
  await section.getByRole("button", { name: `Connect ${DEMO_SSO}` }).click();
  await expect(dialog.getByLabel("Password")).toHaveValue("");
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toBeHidden();
  await page.reload();
  await expect(section.getByText("No connected accounts.")).toBeVisible();

  await page.setViewportSize({ width: 390, height: 844 });
  await section.scrollIntoViewIfNeeded();
  await expect(section.getByRole("heading", { name: "Connected accounts" })).toBeInViewport();
  await expect(section.getByRole("button", { name: `Connect ${DEMO_SSO}` })).toBeVisible();
  await expectNoSidewaysScroll(page);
  if (process.env.SCREENSHOT_DIR) await page.screenshot({ path: `${process.env.SCREENSHOT_DIR}/connected-accounts-390.png`, fullPage: true });

  await signOut(page, newUser.name);
  await expect(page.getByRole("button", { name: `Continue with ${DEMO_SSO}` })).toBeInViewport();
  await expectNoSidewaysScroll(page);
  if (process.env.SCREENSHOT_DIR) await page.screenshot({ path: `${process.env.SCREENSHOT_DIR}/sign-in-390.png`, fullPage: true });
});

test("sign-in with the provider button and sign-up after Demo SSO pass axe's WCAG A/AA checks", async ({ page }) => {
  await page.goto("/sign-in");
  await expect(page.getByRole("button", { name: `Continue with ${DEMO_SSO}` })).toBeVisible();
  await expectNoAxeViolations(page, "sign-in with Demo SSO");

  await continueWithDemoSso(page);
  await signInAtDemoSso(page, uniqueEmail("axe"));
  await expect(page).toHaveURL(/\/sign-up\/provider$/);
  await expect(page.getByRole("button", { name: "Create account" })).toBeVisible();
  await expectNoAxeViolations(page, "sign-up after Demo SSO");
});
