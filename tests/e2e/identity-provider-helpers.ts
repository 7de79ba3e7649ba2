import { expect } from "./fixtures";
import type { Locator, Page } from "@playwright/test";

/**
 * "Continue with Demo SSO" and `Connect Demo SSO`, driven through the UI, for any
 * spec that needs an identity provider: the app meets the real OpenID Connect
 * provider that playwright.config.ts starts (tests/support/identity-provider-server.ts).
 * - `DEMO_SSO`: the provider's name on the buttons (AUTH_OIDC_NAME),
 * - `continueWithDemoSso(page)`: the button on /sign-in or /sign-up,
 * - `signInAtDemoSso(page, email)`: the provider's own login and consent pages,
 * - `connectedAccountsSection(page)` and `connectDemoSso(page, password, email)` on Security and access.
 */

export const DEMO_SSO = "Demo SSO";

/** Where the provider's pages are (the issuer in playwright.config.ts). */
const PROVIDER_ORIGIN = `http://127.0.0.1:${process.env.IDENTITY_PROVIDER_PORT ?? 3190}`;

export async function continueWithDemoSso(page: Page): Promise<void> {
  await page.getByRole("button", { name: `Continue with ${DEMO_SSO}` }).click();
}

/**
 * At the provider (oidc-provider's development pages, not ours): any login, used as the
 * email address, any password, `Sign-in`, then `Continue` on its consent page.
 */
export async function signInAtDemoSso(page: Page, email: string): Promise<void> {
  await expect(page).toHaveURL((url) => url.origin === PROVIDER_ORIGIN);
  await page.getByRole("textbox", { name: "Enter any login" }).fill(email);
  await page.getByRole("textbox", { name: "and password" }).fill("any password at the provider");
  await page.getByRole("button", { name: "Sign-in" }).click();
  await page.getByRole("button", { name: "Continue" }).click();
}

export function connectedAccountsSection(page: Page): Locator {
  return page.getByRole("region", { name: "Connected accounts" });
}

/** `Connect Demo SSO` on Security and access: the dialog with the password, `Continue`, then the provider's pages and back. */
export async function connectDemoSso(page: Page, password: string, email: string): Promise<void> {
  await connectedAccountsSection(page).getByRole("button", { name: `Connect ${DEMO_SSO}` }).click();
  const dialog = page.getByRole("dialog", { name: `Connect ${DEMO_SSO}` });
  await dialog.getByLabel("Password").fill(password);
  await dialog.getByRole("button", { name: "Continue", exact: true }).click();
  await signInAtDemoSso(page, email);
  await expect(connectedAccountsSection(page).getByRole("status")).toHaveText(
    `${DEMO_SSO} is connected. You can sign in with it from now on.`,
  );
  // Said once: the notice's query leaves the address, so a reload or the history does not say it again.
  await expect(page).toHaveURL(/\/customer-area\/security(#connected-accounts)?$/);
}
