import type { Locator, Page } from "@playwright/test";
import { expect, signIn, test } from "./fixtures";
import { enableAuthenticatorApp, nextTotpCode, signOut } from "./two-factor-helpers";

/** Where a sign-in lands when no code is asked. */
async function expectCustomerArea(page: Page) {
  await expect(page).toHaveURL(/\/customer-area$/);
  await expect(page.getByRole("heading", { name: /^Welcome, / })).toBeVisible();
}

function sessions(page: Page): Locator {
  return page.getByRole("region", { name: "Sessions" });
}

function trustedBrowsers(page: Page): Locator {
  return page.getByRole("region", { name: "Trusted browsers" });
}

function activity(page: Page): Locator {
  return page.getByRole("region", { name: "Recent security activity" });
}

test("signed in on two browsers, one ends the other from its Sessions list, and the other is sent to sign in", async ({
  page,
  newUser,
  newBrowserContext,
}) => {
  const laptop = await (await newBrowserContext()).newPage();
  await signIn(laptop, newUser);
  await expectCustomerArea(laptop);

  await page.goto("/customer-area/security");
  const list = sessions(page).getByRole("listitem");
  await expect(list).toHaveCount(2);
  const thisOne = list.filter({ hasText: "This browser" });
  await expect(thisOne).toHaveCount(1);
  await expect(thisOne.getByRole("button", { name: "Sign out" }), "this browser signs out from the menu").toHaveCount(0);
  const other = list.filter({ hasNotText: "This browser" });
  await expect(other).toContainText("Chrome on Linux");
  await expect(other).toContainText("127.0.0.1");
  await expect(other).toContainText(/Started .+Last used /);

  await other.getByRole("button", { name: "Sign out" }).click();
  await expect(sessions(page).getByRole("status")).toHaveText("That session was signed out. Its browser must sign in again.");
  await expect(list).toHaveCount(1);
  await expect(activity(page)).toContainText("A session signed out from the Sessions list");

  await laptop.goto("/customer-area/security");
  await expect(laptop, "the ended session's next request").toHaveURL(/\/sign-in\?next=%2Fcustomer-area%2Fsecurity$/);
  // The page that asked is still signed in.
  await page.reload();
  await expect(page.getByRole("heading", { level: 1, name: "Security and access" })).toBeVisible();
});

test("Trust this browser for 30 days: the next sign-in asks no code; Remove, and the code is asked again", async ({
  page,
  context,
  newUser,
}) => {
  await page.goto("/customer-area/security");
  const app = await enableAuthenticatorApp(page, newUser.password);
  await signOut(page, newUser.name);

  await signIn(page, newUser);
  await expect(page).toHaveURL(/\/sign-in\/verify$/);
  const trust = page.getByRole("checkbox", { name: "Trust this browser for 30 days" });
  await expect(trust, "off by default").not.toBeChecked();
  // A wrong code keeps the box as the user left it.
  await trust.check();
  await page.getByLabel("6-digit verification code").fill("000000");
  await page.getByRole("button", { name: "Verify code" }).click();
  await expect(page.getByText("That code is not correct. Check it and try again.")).toBeVisible();
  await expect(trust).toBeChecked();
  await page.getByLabel("6-digit verification code").fill(await nextTotpCode(app));
  await page.getByRole("button", { name: "Verify code" }).click();
  await expectCustomerArea(page);

  const cookie = (await context.cookies()).find((each) => each.name === "trusted_browser");
  expect(cookie, "the trusted-browser cookie").toBeDefined();
  expect(cookie).toMatchObject({ httpOnly: true, sameSite: "Lax", path: "/" });
  const days = (cookie!.expires * 1000 - Date.now()) / (24 * 60 * 60 * 1000);
  expect(days).toBeGreaterThan(29.9);
  expect(days).toBeLessThanOrEqual(30);

  await signOut(page, newUser.name);
  await signIn(page, newUser);
  await expectCustomerArea(page);

  await page.goto("/customer-area/security");
  await expect(activity(page)).toContainText("Signed in with the password on a trusted browser (no code asked)");
  await expect(activity(page)).toContainText("Browser trusted for 30 days");
  const trusted = trustedBrowsers(page).getByRole("listitem");
  await expect(trusted).toHaveCount(1);
  await expect(trusted).toContainText("This browser");
  await expect(trusted).toContainText(/Trusted since .+Last used /);
  await trusted.getByRole("button", { name: "Remove" }).click();
  await expect(trustedBrowsers(page).getByRole("status")).toHaveText(
    "That browser is no longer trusted. Its next sign-in asks for a verification code.",
  );
  await expect(trustedBrowsers(page)).toContainText("No trusted browsers.");
  await expect(activity(page)).toContainText("A trusted browser removed");

  await signOut(page, newUser.name);
  await signIn(page, newUser);
  await expect(page, "asked for the code again").toHaveURL(/\/sign-in\/verify$/);
});

test("Remove all ends every trusted browser at once", async ({ page, newUser, newBrowserContext }) => {
  await page.goto("/customer-area/security");
  const app = await enableAuthenticatorApp(page, newUser.password);
  const other = await (await newBrowserContext()).newPage();
  for (const browser of [other, page]) {
    if (browser === page) await signOut(page, newUser.name);
    await signIn(browser, newUser);
    await browser.getByRole("checkbox", { name: "Trust this browser for 30 days" }).check();
    await browser.getByLabel("6-digit verification code").fill(await nextTotpCode(app));
    await browser.getByRole("button", { name: "Verify code" }).click();
    await expectCustomerArea(browser);
  }

  await page.goto("/customer-area/security");
  await expect(trustedBrowsers(page).getByRole("listitem")).toHaveCount(2);
  await trustedBrowsers(page).getByRole("button", { name: "Remove all" }).click();
  await expect(trustedBrowsers(page)).toContainText("2 browsers are no longer trusted.");
  await expect(trustedBrowsers(page)).toContainText("No trusted browsers.");
  await expect(activity(page)).toContainText("All trusted browsers removed");

  await signOut(other, newUser.name);
  await signIn(other, newUser);
  await expect(other).toHaveURL(/\/sign-in\/verify$/);
});

test.describe("times in the viewer's time zone", () => {
  test.use({ timezoneId: "Asia/Tokyo", locale: "en-US" });

  test("Recent security activity and the lists show local times, with UTC in the title and for screen readers", async ({
    page,
    newUser,
    newBrowserContext,
  }) => {
    // A sign-in elsewhere gives the activity a row.
    const other = await (await newBrowserContext()).newPage();
    await signIn(other, newUser);
    await expectCustomerArea(other);
    await page.goto("/customer-area/security");
    await expect(activity(page)).toContainText("Signed in with the password only");
    const time = activity(page).locator("time").first();
    await expect(time).toContainText("GMT+9");
    await expect(time).toHaveAttribute("title", / UTC$/);
    await expect(time.locator(".visually-hidden")).toHaveText(/\(.+ UTC\)/);
    await expect(sessions(page).locator("time").first()).toContainText("GMT+9");
  });
});

test("at 390 px the lists fit the phone: nothing scrolls the page sideways", async ({ page, newUser, newBrowserContext }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  const other = await (await newBrowserContext()).newPage();
  await signIn(other, newUser);
  await expectCustomerArea(other);
  await page.goto("/customer-area/security");
  await expect(sessions(page).getByRole("listitem")).toHaveCount(2);
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width, "the page's scroll width").toBeLessThanOrEqual(390);
  if (process.env.SCREENSHOTS_DIR) {
    await page.screenshot({ path: `${process.env.SCREENSHOTS_DIR}/security-390.png`, fullPage: true });
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.screenshot({ path: `${process.env.SCREENSHOTS_DIR}/security-1280.png`, fullPage: true });
  }
});
