import type { BrowserContext, Page } from "@playwright/test";
import { expect, latestMailTo, signIn, test } from "../e2e/fixtures";
import {
  enableAuthenticatorApp,
  enableEmailMethod,
  nextTotpCode,
  openSecurityAndAccess,
  signOut,
} from "../e2e/two-factor-helpers";

/** From now on every request of this page goes to instance `a` or `b` behind the balancer. */
async function onInstance(page: Page, instance: "a" | "b"): Promise<Page> {
  await page.setExtraHTTPHeaders({ "x-instance": instance });
  return page;
}

async function pageOn(context: BrowserContext, instance: "a" | "b"): Promise<Page> {
  return onInstance(await context.newPage(), instance);
}

test("the password step on one instance, the code on the other", async ({ page, newUser }) => {
  await openSecurityAndAccess(page, newUser.name);
  const app = await enableAuthenticatorApp(page, newUser.password);
  await signOut(page, newUser.name);

  await onInstance(page, "a");
  await signIn(page, newUser);
  await expect(page).toHaveURL(/\/sign-in\/verify$/);
  await onInstance(page, "b");
  await page.reload();
  await page.getByLabel("6-digit verification code").fill(await nextTotpCode(app));
  await page.getByRole("button", { name: "Verify code" }).click();
  await expect(page).toHaveURL(/\/customer-area$/);
});

test("20 parallel submissions of one code, split across both instances, give one session", async ({
  page,
  newUser,
  newBrowserContext,
}) => {
  await openSecurityAndAccess(page, newUser.name);
  const app = await enableAuthenticatorApp(page, newUser.password);
  await signOut(page, newUser.name);

  const browser = await newBrowserContext();
  const first = await pageOn(browser, "a");
  await signIn(first, newUser);
  await expect(first).toHaveURL(/\/sign-in\/verify$/);
  const pages = [first];
  for (let i = 1; i < 20; i++) pages.push(await pageOn(browser, i % 2 === 0 ? "a" : "b"));
  await Promise.all(pages.slice(1).map((each) => each.goto("/sign-in/verify")));
  const code = await nextTotpCode(app);
  for (const each of pages) await each.getByLabel("6-digit verification code").fill(code);

  // The pages share one browser's cookies, so each is judged by its own action's answer:
  // only the one that got through sets a session cookie.
  const answers = await Promise.all(
    pages.map(async (each) => {
      const answer = each.waitForResponse((response) => response.request().method() === "POST");
      await each.getByRole("button", { name: "Verify code" }).click();
      return (await answer).headerValue("set-cookie");
    }),
  );
  const sessionsStarted = answers.filter((cookies) => /(^|\n)session=[^;]/.test(cookies ?? ""));
  expect(sessionsStarted).toHaveLength(1);
});

test("a code mail's cooldown claimed on one instance holds on the other", async ({ page, newUser }) => {
  await openSecurityAndAccess(page, newUser.name);
  await enableEmailMethod(page, newUser);
  await signOut(page, newUser.name);
  const before = new Date();

  await onInstance(page, "a");
  await signIn(page, newUser);
  await expect(page.getByText(/We sent a 6-digit code/)).toBeVisible();
  await onInstance(page, "b");
  await page.reload();
  await expect(page.getByText(/We sent a 6-digit code/)).toBeVisible();
  await expect(page.getByText(/You can ask for a new code in \d+ s/)).toBeVisible();

  await latestMailTo(newUser.email, { subject: "Your verification code", after: before });
  const response = await fetch(`http://127.0.0.1:${process.env.SMTP_SINK_HTTP_PORT}/messages?to=${encodeURIComponent(newUser.email)}`);
  const sinceSignIn = ((await response.json()) as { subject: string; receivedAt: string }[]).filter(
    (mail) => mail.subject === "Your verification code" && new Date(mail.receivedAt) > before,
  );
  expect(sinceSignIn).toHaveLength(1);
});

test("a session ended on one instance is refused by the other", async ({ page, newUser, newBrowserContext }) => {
  await onInstance(page, "a");
  await page.goto("/customer-area");
  await expect(page.getByRole("heading", { name: `Welcome, ${newUser.name}` })).toBeVisible();

  const other = await pageOn(await newBrowserContext(), "b");
  await signIn(other, newUser);
  await expect(other).toHaveURL(/\/customer-area$/);
  await openSecurityAndAccess(other, newUser.name);
  await other.getByRole("button", { name: "Sign out other sessions", exact: true }).click();
  await expect(other.getByText("1 other session was signed out.")).toBeVisible();

  await onInstance(page, "b");
  await page.goto("/customer-area/security");
  await expect(page).toHaveURL(/\/sign-in\?next=%2Fcustomer-area%2Fsecurity$/);
  await onInstance(page, "a");
  await page.goto("/customer-area/security");
  await expect(page).toHaveURL(/\/sign-in\?next=%2Fcustomer-area%2Fsecurity$/);
});
