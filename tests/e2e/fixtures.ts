import { randomUUID } from "node:crypto";
import { test as base, expect, type BrowserContext, type BrowserContextOptions, type Page } from "@playwright/test";

/**
 * Fixtures QA can reuse:
 * - `newUser`: a fresh account and owner, created through the real sign-up page and the link it mails.
 * - `signIn(page, user)`: the password step of the sign-in page.
 * - `latestMailTo(address)`: the newest mail that reached the loopback SMTP server.
 */

export type TestUser = { name: string; email: string; password: string; accountName: string };

export type Mail = { to: string[]; from: string; subject: string; text: string; html: string; receivedAt: string };

const mailboxUrl = `http://127.0.0.1:${process.env.SMTP_SINK_HTTP_PORT ?? 2526}`;

export function uniqueEmail(label = "user"): string {
  return `${label}-${randomUUID().slice(0, 8)}@example.test`;
}

/** The link in the mail that sign-up's first step sends to a new address. */
export function signUpLinkIn(mail: Mail): string {
  const link = /https?:\/\/\S+\/sign-up\?token=[\w-]+/.exec(mail.text)?.[0];
  if (!link) throw new Error(`No sign-up link in the mail "${mail.subject}"`);
  return link;
}

/** Sign-up as a person does it: the address, the link from the mail, then the account's details. */
export async function signUp(page: Page, user: TestUser): Promise<void> {
  await page.goto("/sign-up");
  await page.getByLabel("Email").fill(user.email);
  await page.getByRole("button", { name: "Continue", exact: true }).click();
  await expect(page.getByRole("status")).toContainText("Check your inbox.");
  await page.goto(signUpLinkIn(await latestMailTo(user.email, { subject: "Finish creating your account" })));
  await page.getByLabel("Company or account name").fill(user.accountName);
  await page.getByLabel("Your name").fill(user.name);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/customer-area$/);
}

export async function signIn(page: Page, user: Pick<TestUser, "email" | "password">): Promise<void> {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

export async function openUserMenu(page: Page, name: string): Promise<void> {
  await page.getByRole("button", { name: new RegExp(name) }).click();
}

/**
 * Polls the SMTP sink until a mail to `address` arrives: the newest one, or the
 * newest with `subject`, or one received after `after`.
 */
export async function latestMailTo(
  address: string,
  { subject, after, timeoutMs = 15_000 }: { subject?: string; after?: Date; timeoutMs?: number } = {},
): Promise<Mail> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const response = await fetch(`${mailboxUrl}/messages?to=${encodeURIComponent(address)}`);
    const mails = (await response.json()) as Mail[];
    const match = mails.find(
      (mail) => (!subject || mail.subject === subject) && (!after || new Date(mail.receivedAt) > after),
    );
    if (match) return match;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`No mail${subject ? ` "${subject}"` : ""} to ${address} arrived within ${timeoutMs} ms`);
}

/** What Chromium logs when the Content-Security-Policy blocks something. */
const CSP_VIOLATION = /Content Security Policy|Refused to (execute|load|apply|connect|frame)/i;

function watchForCspViolations(context: BrowserContext, violations: string[]): void {
  const watch = (page: Page) =>
    page.on("console", (message) => {
      if (CSP_VIOLATION.test(message.text())) violations.push(`${page.url()}: ${message.text()}`);
    });
  context.pages().forEach(watch);
  context.on("page", watch);
}

type Fixtures = {
  newUser: TestUser;
  /** A second browser (its own cookies), watched for CSP violations like the first. */
  newBrowserContext: (options?: BrowserContextOptions) => Promise<BrowserContext>;
  cspViolations: string[];
};

export const test = base.extend<Fixtures>({
  // Every page of every test: a CSP violation fails the test, whatever it was testing.
  cspViolations: [
    async ({ context }, use) => {
      const violations: string[] = [];
      watchForCspViolations(context, violations);
      await use(violations);
      expect(violations, "Content-Security-Policy violations").toEqual([]);
    },
    { auto: true },
  ],
  newBrowserContext: async ({ browser, cspViolations }, use) => {
    const opened: BrowserContext[] = [];
    await use(async (options) => {
      const context = await browser.newContext(options);
      watchForCspViolations(context, cspViolations);
      opened.push(context);
      return context;
    });
    for (const context of opened) await context.close();
  },
  newUser: async ({ page }, use) => {
    const user: TestUser = {
      name: "Pat Tester",
      email: uniqueEmail("owner"),
      password: `pw-${randomUUID()}`,
      accountName: "Tester Ltd",
    };
    await signUp(page, user);
    await use(user);
  },
});

export { expect };
