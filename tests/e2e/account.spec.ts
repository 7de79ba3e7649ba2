import { randomUUID } from "node:crypto";
import { expect, latestMailTo, openUserMenu, signIn, test, uniqueEmail } from "./fixtures";

test("sign up, sign in, open Security and access from the user menu, change the password, sign out", async ({
  page,
  newUser,
}) => {
  await openUserMenu(page, newUser.name);
  await page.getByRole("navigation", { name: "User menu" }).getByRole("button", { name: "Sign out", exact: true }).click();
  await expect(page).toHaveURL(/\/sign-in\?signed-out=1$/);
  await expect(page.getByText("You are signed out.")).toBeVisible();

  await signIn(page, { email: newUser.email, password: "not-the-password" });
  await expect(page.getByRole("main").getByRole("alert")).toHaveText("The email or password is incorrect.");
  await expect(page.getByLabel("Email")).toHaveValue(newUser.email);

  await signIn(page, newUser);
  await expect(page).toHaveURL(/\/customer-area$/);
  await openUserMenu(page, newUser.name);
  await expect(page.getByRole("navigation", { name: "User menu" })).toContainText(newUser.email);
  await page.getByRole("link", { name: "Security and access" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Security and access" })).toBeVisible();

  const newPassword = `new-${randomUUID()}`;
  await page.getByRole("button", { name: "Change password" }).click();
  await page.getByLabel("Current password").fill(newUser.password);
  await page.getByLabel("New password").fill("short");
  await page.getByRole("button", { name: "Save new password" }).click();
  await expect(page.getByText("Use at least 12 characters.")).toBeVisible();

  await page.getByLabel("Current password").fill(newUser.password);
  await page.getByLabel("New password").fill(newPassword);
  await page.getByRole("button", { name: "Save new password" }).click();
  await expect(page.getByText("Your password was changed.")).toBeVisible();
  await expect(page.getByLabel("Current password")).toHaveCount(0);
  const notice = await latestMailTo(newUser.email);
  expect(notice.subject).toBe("Your password was changed");
  await page.reload();
  const activity = page.getByRole("region", { name: "Recent security activity" });
  await expect(activity.getByRole("row").nth(1)).toContainText("Password changed");

  await openUserMenu(page, newUser.name);
  await page.getByRole("navigation", { name: "User menu" }).getByRole("button", { name: "Sign out", exact: true }).click();
  await expect(page).toHaveURL(/\/sign-in\?signed-out=1$/);
  await signIn(page, newUser);
  await expect(page.getByRole("main").getByRole("alert")).toHaveText("The email or password is incorrect.");
  await signIn(page, { email: newUser.email, password: newPassword });
  await expect(page).toHaveURL(/\/customer-area$/);
});

test("changing the password signs out the user's other sessions", async ({ page, newUser, newBrowserContext }) => {
  const otherBrowser = await newBrowserContext();
  const otherPage = await otherBrowser.newPage();
  await signIn(otherPage, newUser);
  await expect(otherPage).toHaveURL(/\/customer-area$/);

  await page.goto("/customer-area/security");
  await page.getByRole("button", { name: "Change password" }).click();
  await page.getByLabel("Current password").fill(newUser.password);
  await page.getByLabel("New password").fill(`new-${randomUUID()}`);
  await page.getByRole("button", { name: "Save new password" }).click();
  await expect(page.getByText("1 other session was signed out.")).toBeVisible();

  await otherPage.goto("/customer-area/security");
  await expect(otherPage).toHaveURL(/\/sign-in\?next=%2Fcustomer-area%2Fsecurity$/);
  await page.reload();
  await expect(page.getByRole("heading", { level: 1, name: "Security and access" })).toBeVisible();
  await otherBrowser.close();
});

test("an owner adds a user, who sets a password from the emailed link and signs in", async ({ page, newUser, newBrowserContext }) => {
  await openUserMenu(page, newUser.name);
  await page.getByRole("link", { name: "Users" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Users" })).toBeVisible();

  await page.getByLabel("Name").fill("Mia Member");
  await page.getByLabel("Email").fill("not-an-email");
  await page.getByRole("button", { name: "Add user" }).click();
  await expect(page.getByText("Enter a valid email address, like name@example.com.")).toBeVisible();
  await expect(page.getByLabel("Name")).toHaveValue("Mia Member");

  const memberEmail = uniqueEmail("member");
  await page.getByLabel("Email").fill(memberEmail);
  await page.getByRole("button", { name: "Add user" }).click();
  await expect(page.getByText(`${memberEmail} was added`)).toBeVisible();
  await expect(page.getByRole("cell", { name: memberEmail })).toBeVisible();

  const invitation = await latestMailTo(memberEmail);
  // Names are the customers' own words: in the body only, never in the subject.
  expect(invitation.subject).toBe("You were added to the customer area");
  expect(invitation.text.replace(/\u200B/g, "")).toContain(`${newUser.name} added you as a user of the account “${newUser.accountName}”`);
  const link = /https?:\/\/\S+\/set-password\?token=[\w-]+/.exec(invitation.text)?.[0];
  expect(link).toBeTruthy();

  const memberContext = await newBrowserContext();
  const memberPage = await memberContext.newPage();
  await memberPage.goto(link!);
  const memberPassword = `member-${randomUUID()}`;
  await memberPage.getByLabel("New password").fill(memberPassword);
  await memberPage.getByRole("button", { name: "Set password" }).click();
  await expect(memberPage.getByText("Your password is set. Sign in with it now.")).toBeVisible();
  // The address is not in the URL (history, logs, a Referer).
  await expect(memberPage).toHaveURL(/\/sign-in\?password-set=1$/);

  await signIn(memberPage, { email: memberEmail, password: memberPassword });
  await expect(memberPage).toHaveURL(/\/customer-area$/);
  await expect(memberPage.getByRole("heading", { name: "Welcome, Mia Member" })).toBeVisible();

  // The link worked once.
  await memberPage.goto(link!);
  await expect(memberPage.getByRole("heading", { name: "This link cannot be used" })).toBeVisible();
  await memberContext.close();
});

test("a member has no Users page", async ({ page, newUser, newBrowserContext }) => {
  const memberEmail = uniqueEmail("member");
  await page.goto("/customer-area/users");
  await expect(page.getByRole("heading", { name: `Users of ${newUser.accountName}` })).toBeVisible();
  await page.getByLabel("Name").fill("Sam Member");
  await page.getByLabel("Email").fill(memberEmail);
  await page.getByRole("button", { name: "Add user" }).click();
  const link = /https?:\/\/\S+\/set-password\?token=[\w-]+/.exec((await latestMailTo(memberEmail)).text)?.[0];

  const memberContext = await newBrowserContext();
  const memberPage = await memberContext.newPage();
  await memberPage.goto(link!);
  const memberPassword = `member-${randomUUID()}`;
  await memberPage.getByLabel("New password").fill(memberPassword);
  await memberPage.getByRole("button", { name: "Set password" }).click();
  await signIn(memberPage, { email: memberEmail, password: memberPassword });
  await expect(memberPage).toHaveURL(/\/customer-area$/);

  await openUserMenu(memberPage, "Sam Member");
  await expect(memberPage.getByRole("link", { name: "Security and access" })).toBeVisible();
  await expect(memberPage.getByRole("link", { name: "Users" })).toHaveCount(0);
  const response = await memberPage.goto("/customer-area/users");
  expect(response?.status()).toBe(404);
  await memberContext.close();
});

test("the development mailbox does not exist in production", async ({ page }) => {
  const response = await page.goto("/dev/mailbox");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
});

test("sign-in returns to the page asked for (only a page of the customer area), starts in the email field and moves to the error", async ({
  page,
  newUser,
}) => {
  await openUserMenu(page, newUser.name);
  await page.getByRole("navigation", { name: "User menu" }).getByRole("button", { name: "Sign out", exact: true }).click();
  await expect(page.getByText("You are signed out.")).toBeVisible();
  await expect(page).toHaveTitle("Sign in · Customer area");

  await page.goto("/customer-area/security");
  await expect(page).toHaveURL(/\/sign-in\?next=%2Fcustomer-area%2Fsecurity$/);
  await expect(page.getByLabel("Email")).toBeFocused();
  await page.getByLabel("Email").fill(newUser.email);
  await page.getByLabel("Password").fill("not-the-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  const error = page.getByRole("main").getByRole("alert");
  await expect(error).toHaveText("The email or password is incorrect.");
  await expect(error).toBeFocused();
  await page.getByLabel("Password").fill(newUser.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/customer-area\/security$/);
  await expect(page).toHaveTitle("Security and access · Customer area");

  // Anything but a path of the customer area goes to its home.
  for (const elsewhere of ["https://evil.example/", "//evil.example/customer-area", "/\\evil.example", "/sign-up"]) {
    await openUserMenu(page, newUser.name);
    await page.getByRole("navigation", { name: "User menu" }).getByRole("button", { name: "Sign out", exact: true }).click();
    await expect(page.getByText("You are signed out.")).toBeVisible();
    await page.goto(`/sign-in?next=${encodeURIComponent(elsewhere)}`);
    await page.getByLabel("Email").fill(newUser.email);
    await page.getByLabel("Password").fill(newUser.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/\/customer-area$/);
  }
});

test("the 404 page keeps the site header and has its own tab title", async ({ page }) => {
  const response = await page.goto("/no-such-page");
  expect(response?.status()).toBe(404);
  await expect(page).toHaveTitle("Page not found · Customer area");
  await expect(page.getByRole("banner").getByRole("link", { name: "Acme customer area" })).toBeVisible();
  await expect(page.getByRole("heading", { level: 1, name: "Page not found" })).toBeVisible();
});

test("every page names itself in the tab, with the product's icon", async ({ page, newUser }) => {
  await expect(page).toHaveTitle("Home · Customer area");
  await page.goto("/customer-area/security");
  await expect(page).toHaveTitle("Security and access · Customer area");
  const icons = await page.locator('head link[rel="icon"], head link[rel="apple-touch-icon"], head link[rel="manifest"]').evaluateAll(
    (links) => links.map((link) => (link as HTMLLinkElement).getAttribute("href")),
  );
  expect(icons).toEqual(expect.arrayContaining(["/favicon.ico", "/icon.svg", "/apple-touch-icon.png", "/site.webmanifest"]));
  for (const [path, type] of [
    ["/favicon.ico", /image\/(x-icon|vnd\.microsoft\.icon)/],
    ["/icon.svg", /image\/svg\+xml/],
    ["/apple-touch-icon.png", /image\/png/],
    ["/icon-192.png", /image\/png/],
    ["/icon-512.png", /image\/png/],
  ] as const) {
    const response = await page.request.get(path);
    expect(response.status(), path).toBe(200);
    expect(response.headers()["content-type"], path).toMatch(type);
  }
  await openUserMenu(page, newUser.name);
  await page.getByRole("navigation", { name: "User menu" }).getByRole("button", { name: "Sign out", exact: true }).click();
  await expect(page).toHaveTitle("Sign in · Customer area");
});
