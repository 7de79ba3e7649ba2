import { expect, latestMailTo, test, uniqueEmail } from "./fixtures";

test("sign-up with an address that has a user says the same as for a new one and mails a way to sign in instead", async ({
  newUser,
  newBrowserContext,
}) => {
  const page = await (await newBrowserContext()).newPage();
  const answers: string[] = [];
  for (const email of [newUser.email, uniqueEmail("fresh")]) {
    await page.goto("/sign-up");
    await page.getByLabel("Email").fill(email);
    await page.getByRole("button", { name: "Continue", exact: true }).click();
    const status = page.getByRole("status");
    await expect(status).toContainText("Check your inbox.");
    answers.push((await status.innerText()).replace(email, "<address>"));
  }
  expect(answers[0]).toBe(answers[1]);

  const mail = await latestMailTo(newUser.email, { subject: "You already have a customer area user" });
  const forgot = /https?:\/\/\S+\/forgot-password/.exec(mail.text)?.[0];
  expect(forgot).toBeTruthy();
  await page.goto(forgot!);
  await expect(page.getByRole("button", { name: "Send reset link" })).toBeVisible();
});

test("a used or unknown sign-up link gets a page with a way on", async ({ page }) => {
  await page.goto("/sign-up?token=not-one-we-sent");
  await expect(page.getByRole("heading", { level: 1, name: "This link cannot be used" })).toBeVisible();
  await page.getByRole("link", { name: "Start again" }).click();
  await expect(page.getByRole("button", { name: "Continue", exact: true })).toBeVisible();
});
