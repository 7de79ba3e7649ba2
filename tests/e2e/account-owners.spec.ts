import { randomUUID } from "node:crypto";
import type { BrowserContext, Page } from "@playwright/test";
import { expect, latestMailTo, signIn, test, uniqueEmail } from "./fixtures";
import { enableAuthenticatorApp } from "./two-factor-helpers";

type Member = { name: string; email: string; password: string; page: Page };

/** On the owner's `Users` page: adds a member, who sets a password from the emailed link in their own browser. */
async function addMember(ownerPage: Page, newBrowserContext: () => Promise<BrowserContext>, name: string): Promise<Member> {
  const email = uniqueEmail("member");
  await ownerPage.goto("/customer-area/users");
  await ownerPage.getByLabel("Name").fill(name);
  await ownerPage.getByLabel("Email").fill(email);
  await ownerPage.getByRole("button", { name: "Add user" }).click();
  await expect(ownerPage.getByText(`${email} was added`)).toBeVisible();
  const link = /https?:\/\/\S+\/set-password\?token=[\w-]+/.exec((await latestMailTo(email)).text)?.[0];
  expect(link, "the invitation's link").toBeTruthy();

  const page = await (await newBrowserContext()).newPage();
  await page.goto(link!);
  const password = `member-${randomUUID()}`;
  await page.getByLabel("New password").fill(password);
  await page.getByRole("button", { name: "Set password" }).click();
  await expect(page.getByText("Your password is set. Sign in with it now.")).toBeVisible();
  return { name, email, password, page };
}

function userRow(page: Page, email: string) {
  return page.getByRole("row").filter({ has: page.getByRole("cell", { name: email, exact: true }) });
}

async function screenshot(page: Page, name: string): Promise<void> {
  if (process.env.SCREENSHOT_DIR) await page.screenshot({ path: `${process.env.SCREENSHOT_DIR}/${name}.png`, fullPage: true });
}

/** The page itself never scrolls sideways (a table or a long address must fit or wrap). */
async function expectNoSidewaysScroll(page: Page): Promise<void> {
  const widths = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
  expect(widths.scroll, "page width against the viewport").toBeLessThanOrEqual(widths.client);
}

test("Users shows each user's two-factor authentication and last sign-in, filters the users without it, and fits a phone", async ({
  page,
  newUser,
  newBrowserContext,
}) => {
  await page.goto("/customer-area/security");
  await enableAuthenticatorApp(page, newUser.password);
  const member = await addMember(page, newBrowserContext, "Mia Member");

  await page.goto("/customer-area/users");
  await expect(page.getByRole("columnheader", { name: "Two-factor authentication" })).toBeVisible();
  await expect(userRow(page, newUser.email)).toContainText("Authentication app");
  await expect(userRow(page, newUser.email)).not.toContainText("Never");
  await expect(userRow(page, member.email)).toContainText("Off");
  await expect(userRow(page, member.email)).toContainText("Never");
  await screenshot(page, "users-1280");

  await signIn(member.page, member);
  await expect(member.page).toHaveURL(/\/customer-area$/);
  await page.reload();
  await expect(userRow(page, member.email)).not.toContainText("Never");

  await page.getByRole("link", { name: "Without two-factor authentication" }).click();
  await expect(page).toHaveURL(/\?filter=without-2fa$/);
  await expect(userRow(page, member.email)).toBeVisible();
  await expect(userRow(page, newUser.email)).toHaveCount(0);
  await expect(page.getByRole("link", { name: "Without two-factor authentication" })).toHaveAttribute("aria-current", "page");

  await page.getByRole("link", { name: "All users" }).click();
  await expect(userRow(page, newUser.email)).toBeVisible();
  await page.setViewportSize({ width: 390, height: 844 });
  await expect(userRow(page, member.email)).toBeVisible();
  await expectNoSidewaysScroll(page);
  await screenshot(page, "users-390");
});
