import { randomUUID } from "node:crypto";
import type { BrowserContext, Page } from "@playwright/test";
import { expect, latestMailTo, signIn, signUp, test, uniqueEmail } from "./fixtures";
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

/** The owner turns on the app (required before requiring it), adds a member, and requires 2FA with `grace`. */
async function requireWithNewMember(
  page: Page,
  newBrowserContext: () => Promise<BrowserContext>,
  owner: { password: string },
  { memberName, grace }: { memberName: string; grace: string },
) {
  await page.goto("/customer-area/security");
  await enableAuthenticatorApp(page, owner.password);
  const member = await addMember(page, newBrowserContext, memberName);
  await page.goto("/customer-area/users");
  const requirement = page.getByRole("region", { name: "Require two-factor authentication" });
  await requirement.getByRole("radio", { name: grace }).check();
  await requirement.getByLabel("Your password").fill(owner.password);
  await requirement.getByRole("button", { name: "Require two-factor authentication" }).click();
  return { member, requirement };
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

test("an owner requires two-factor authentication with no grace period: a member is taken to set up the app first; the owner's reset ends the member's session", async ({
  page,
  newUser,
  newBrowserContext,
}) => {
  const { member, requirement } = await requireWithNewMember(page, newBrowserContext, newUser, {
    memberName: "Mia Member",
    grace: "No grace period: from now on",
  });
  await expect(requirement.getByRole("status")).toContainText("Two-factor authentication is now required.");
  await expect(requirement.getByRole("button", { name: "Stop requiring two-factor authentication" })).toBeVisible();
  expect((await latestMailTo(member.email, { subject: "Your account requires two-factor authentication" })).text).toContain(
    "At your next sign-in you will set up an authentication method before anything else.",
  );
  await screenshot(page, "users-required-1280");

  await signIn(member.page, member);
  await expect(member.page).toHaveURL(/\/customer-area\/security$/);
  await expect(member.page.getByRole("region", { name: "Two-factor authentication required" })).toContainText(
    "only the setup and signing out work",
  );
  await expect(member.page.getByRole("heading", { name: "Sessions" })).toHaveCount(0);
  await member.page.setViewportSize({ width: 390, height: 844 });
  await screenshot(member.page, "member-setup-required-390");
  await member.page.goto("/customer-area");
  await expect(member.page).toHaveURL(/\/customer-area\/security$/);

  await enableAuthenticatorApp(member.page, member.password);
  await member.page.goto("/customer-area");
  await expect(member.page.getByRole("heading", { name: "Welcome, Mia Member" })).toBeVisible();
  await expect(member.page.getByRole("region", { name: "Two-factor authentication required" })).toHaveCount(0);

  await page.reload();
  const row = userRow(page, member.email);
  await expect(row).toContainText("Authentication app");
  await row.getByRole("button", { name: "Reset two-factor authentication" }).click();
  const dialog = page.getByRole("dialog", { name: "Reset two-factor authentication of Mia Member" });
  await dialog.getByLabel(`Type ${member.email} to confirm`).fill(member.email);
  await dialog.getByLabel("Your password").fill("not-the-password");
  await dialog.getByRole("button", { name: "Reset two-factor authentication" }).click();
  await expect(dialog.getByRole("alert")).toHaveText("The password is incorrect.");
  await dialog.getByLabel("Your password").fill(newUser.password);
  await screenshot(page, "reset-dialog-1280");
  await dialog.getByRole("button", { name: "Reset two-factor authentication" }).click();
  await expect(dialog.getByRole("status")).toHaveText(
    "The two-factor authentication of Mia Member was reset. Their open session was signed out.",
  );
  await dialog.getByRole("button", { name: "Done" }).click();
  await expect(userRow(page, member.email)).toContainText("Off");
  expect((await latestMailTo(member.email, { subject: "Your two-factor authentication was reset" })).text).toContain(
    "every session of yours was signed out",
  );

  await member.page.reload();
  await expect(member.page).toHaveURL(/\/sign-in(\?next=%2Fcustomer-area[^&]*)?$/);
  await signIn(member.page, member);
  await expect(member.page).toHaveURL(/\/customer-area\/security$/);
  await expect(member.page.getByRole("region", { name: "Two-factor authentication required" })).toBeVisible();
});

test("during a grace period a member without two-factor authentication sees the deadline on every page and can use them all; stopping the requirement removes the notice", async ({
  page,
  newUser,
  newBrowserContext,
}) => {
  const { member, requirement } = await requireWithNewMember(page, newBrowserContext, newUser, {
    memberName: "Gus Grace",
    grace: "7 days",
  });
  await expect(requirement).toContainText("Required of every user from");
  expect((await latestMailTo(member.email, { subject: "Your account requires two-factor authentication" })).text).toContain(
    "Set up an authentication method before then",
  );

  await signIn(member.page, member);
  await expect(member.page).toHaveURL(/\/customer-area$/);
  const notice = member.page.getByRole("region", { name: "Two-factor authentication required" });
  await expect(notice).toContainText("Your account requires two-factor authentication from");
  await member.page.goto("/customer-area/security");
  await expect(notice).toBeVisible();
  await expect(member.page.getByRole("heading", { name: "Sessions" })).toBeVisible();

  await requirement.getByLabel("Your password").fill(newUser.password);
  await requirement.getByRole("button", { name: "Stop requiring two-factor authentication" }).click();
  await expect(requirement.getByRole("status")).toContainText("Two-factor authentication is no longer required.");
  await member.page.reload();
  await expect(member.page.getByRole("heading", { level: 1, name: "Security and access" })).toBeVisible();
  await expect(notice).toHaveCount(0);
});

test("Add user answers an address of another account's user as any other, and lists it among the invitations; only the owner's own users are reported", async ({
  page,
  newUser,
  newBrowserContext,
}) => {
  const elsewhere = { name: "Eve Elsewhere", email: uniqueEmail("elsewhere"), password: `pw-${randomUUID()}`, accountName: "Other Ltd" };
  await signUp(await (await newBrowserContext()).newPage(), elsewhere);
  const fresh = uniqueEmail("fresh");

  await page.goto("/customer-area/users");
  for (const [name, email] of [["Known Person", elsewhere.email], ["Fresh Person", fresh]]) {
    await page.getByLabel("Name").fill(name!);
    await page.getByLabel("Email").fill(email!);
    await page.getByRole("button", { name: "Add user" }).click();
    await expect(page.getByRole("status")).toHaveText(
      `${email} was added and got an email to set a password. They appear among the users once they have set it.`,
    );
  }
  const invitations = page.getByRole("region", { name: "Invitations not accepted yet" });
  const users = page.getByRole("region", { name: `Users of ${newUser.accountName}` });
  for (const email of [elsewhere.email, fresh]) {
    await expect(invitations.getByRole("row").filter({ hasText: email })).toContainText("Works until");
    await expect(users.getByRole("row").filter({ hasText: email })).toHaveCount(0);
  }
  const notice = await latestMailTo(elsewhere.email, { subject: "An invitation to another account in the customer area" });
  expect(notice.text).not.toContain("/set-password");
  expect((await latestMailTo(fresh)).text).toContain("/set-password?token=");

  await page.getByLabel("Name").fill("Myself");
  await page.getByLabel("Email").fill(newUser.email);
  await page.getByRole("button", { name: "Add user" }).click();
  await expect(page.getByRole("main").getByRole("alert")).toHaveText("This email address is already a user of your account.");

  await page.setViewportSize({ width: 390, height: 844 });
  await expect(invitations.getByRole("row").filter({ hasText: fresh })).toBeVisible();
  await expectNoSidewaysScroll(page);
  await screenshot(page, "users-invitations-390");
});

test("an invitation to an address that has since got a user of its own says so, and offers sign-in", async ({
  page,
  newUser,
  newBrowserContext,
}) => {
  const invitee = { name: "Ida Invitee", email: uniqueEmail("invitee"), password: `pw-${randomUUID()}`, accountName: "Ida's own Ltd" };
  await page.goto("/customer-area/users");
  await expect(page.getByRole("heading", { name: `Users of ${newUser.accountName}` })).toBeVisible();
  await page.getByLabel("Name").fill(invitee.name);
  await page.getByLabel("Email").fill(invitee.email);
  await page.getByRole("button", { name: "Add user" }).click();
  await expect(page.getByText(`${invitee.email} was added`)).toBeVisible();
  const link = /https?:\/\/\S+\/set-password\?token=[\w-]+/.exec((await latestMailTo(invitee.email)).text)?.[0];
  expect(link, "the invitation's link").toBeTruthy();

  const inviteePage = await (await newBrowserContext()).newPage();
  await signUp(inviteePage, invitee);
  await inviteePage.goto(link!);
  await expect(inviteePage.getByRole("heading", { level: 1, name: "You already have a user" })).toBeVisible();
  await expect(inviteePage.getByRole("main")).toContainText(`${invitee.email} already belongs to a user in the customer area`);
  await expect(inviteePage.getByRole("link", { name: "Go to sign in" })).toHaveAttribute("href", "/sign-in");
});
