import { readFile } from "node:fs/promises";
import type { Locator, Page } from "@playwright/test";
import { expect, latestMailTo, signIn, test, type TestUser } from "./fixtures";
import {
  enterRecoveryCode,
  openSecurityAndAccess,
  RECOVERY_CODE_PATTERN,
  saveRecoveryCodes,
  savedCodesCheckbox,
  signOut,
  twoFactorSection,
  verifyAuthenticatorApp,
} from "./two-factor-helpers";

/** The `Recovery codes` row of the Two-factor authentication section. */
function recoveryCodesRow(page: Page): Locator {
  return twoFactorSection(page).getByRole("group", { name: "Recovery codes" });
}

/** Turns on the authentication app and returns the 10 codes of its done step, saved, with the dialog closed. */
async function turnOnAppAndSaveCodes(page: Page, user: TestUser): Promise<string[]> {
  await page.goto("/customer-area/security");
  const { dialog } = await verifyAuthenticatorApp(page, user.password);
  const codes = await saveRecoveryCodes(dialog);
  await dialog.getByRole("button", { name: "Done" }).click();
  await expect(dialog).toBeHidden();
  return codes;
}

async function signInWithRecoveryCode(page: Page, user: TestUser, code: string): Promise<void> {
  await signOut(page, user.name);
  await signIn(page, user);
  await expect(page).toHaveURL(/\/sign-in\/verify$/);
  await enterRecoveryCode(page, code);
}

test("a user who lost their phone gets back in with a saved recovery code, then replaces the codes", async ({
  page,
  newUser,
}) => {
  await page.goto("/customer-area/security");
  await expect(recoveryCodesRow(page)).toContainText("You get 10 recovery codes when you turn on your first method");
  await expect(recoveryCodesRow(page).getByRole("button", { name: "Generate new codes" })).toHaveCount(0);

  // Turning on the app: the done step shows the codes once, with Download, Copy and Print.
  const { dialog } = await verifyAuthenticatorApp(page, newUser.password);
  const list = dialog.getByRole("list", { name: "Recovery codes" });
  await expect(list.getByRole("listitem")).toHaveCount(10);
  const shown = (await list.getByRole("listitem").allInnerTexts()).map((code) => code.trim());
  for (const code of shown) expect(code).toMatch(RECOVERY_CODE_PATTERN);
  await expect(dialog.getByRole("button", { name: "Done" })).toBeDisabled();

  const [download] = await Promise.all([
    page.waitForEvent("download"),
    dialog.getByRole("button", { name: "Download" }).click(),
  ]);
  expect(download.suggestedFilename()).toBe(`acme-customer-area-recovery-codes-${newUser.email}.txt`);
  const file = await readFile(await download.path(), "utf8");
  const codesInFile = file.split("\n").filter((line) => RECOVERY_CODE_PATTERN.test(line));
  expect(codesInFile).toHaveLength(10);
  expect(codesInFile).toEqual(shown);
  expect(file).toContain(`Acme customer area: recovery codes for ${newUser.email}`);

  await page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
  await dialog.getByRole("button", { name: "Copy" }).click();
  await expect(dialog.getByText("Copied. Paste them somewhere safe.")).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(file);

  // Print prints the codes and nothing else of the page.
  await page.evaluate(() => {
    window.print = () => document.body.setAttribute("data-printed", "yes");
  });
  await dialog.getByRole("button", { name: "Print" }).click();
  await expect(page.locator("body")).toHaveAttribute("data-printed", "yes");
  await page.emulateMedia({ media: "print" });
  await expect(dialog).toBeHidden();
  await expect(page.locator("pre", { hasText: shown[0] })).toBeVisible();
  await page.emulateMedia({ media: "screen" });

  await savedCodesCheckbox(dialog).check();
  await dialog.getByRole("button", { name: "Done" }).click();
  await expect(dialog).toBeHidden();
  await expect(recoveryCodesRow(page)).toContainText("10 recovery codes left");
  await expect(recoveryCodesRow(page)).not.toContainText(shown[0]!);

  // The phone is gone: sign in with a recovery code, typed in lower case without the dashes,
  // from a link to Security and access: the home page comes first, to say how many are left.
  await signOut(page, newUser.name);
  await page.goto("/customer-area/security");
  await expect(page).toHaveURL(/\/sign-in\?next=%2Fcustomer-area%2Fsecurity$/);
  await page.getByLabel("Email").fill(newUser.email);
  await page.getByLabel("Password").fill(newUser.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/sign-in\/verify$/);
  await expect(page.getByRole("link", { name: "Use another method: Authentication app" })).toHaveCount(0);
  const usedAfter = new Date();
  await page.getByRole("link", { name: "Use a recovery code" }).click();
  await expect(page.getByRole("link", { name: "Use another method: Authentication app" })).toBeVisible();
  const field = page.getByLabel("Recovery code");
  await field.fill("ABCDE-FGHJK-MNPQR");
  await page.getByRole("button", { name: "Verify code" }).click();
  // The error is read out with the field, and what was typed stays to be corrected.
  await expect(field).toHaveAccessibleDescription(
    /That recovery code is not correct, or it was used before\. Each code works once\./,
  );
  await expect(field).toHaveValue("ABCDE-FGHJK-MNPQR");
  await field.fill(shown[0]!.replace(/-/g, "").toLowerCase());
  await page.getByRole("button", { name: "Verify code" }).click();

  await expect(page).toHaveURL(/\/customer-area$/);
  const notice = page.getByRole("region", { name: "Recovery codes" });
  await expect(notice).toContainText("You signed in with a recovery code");
  await expect(notice).toContainText("9 recovery codes left");
  const mail = await latestMailTo(newUser.email, { subject: "A recovery code was used to sign in", after: usedAfter });
  expect(mail.text).toContain("9 recovery codes left");
  expect(`${mail.subject} ${mail.text} ${mail.html}`).not.toContain(shown[0]);

  // Generate new codes: the password first (a wrong one is refused), then a new set replaces the old.
  await notice.getByRole("link", { name: "Generate new codes" }).click();
  await expect(recoveryCodesRow(page)).toContainText("9 recovery codes left");
  await recoveryCodesRow(page).getByRole("button", { name: "Generate new codes" }).click();
  const generate = page.getByRole("dialog", { name: "Generate new recovery codes" });
  await generate.getByLabel("Password").fill("not-the-password");
  await generate.getByRole("button", { name: "Generate new codes" }).click();
  await expect(generate.getByRole("alert")).toHaveText("The password is incorrect.");
  await generate.getByLabel("Password").fill(newUser.password);
  await generate.getByRole("button", { name: "Generate new codes" }).click();
  await expect(generate.getByRole("status")).toHaveText("Your new recovery codes are ready. The earlier ones no longer work.");
  const renewed = await saveRecoveryCodes(generate);
  expect(renewed.filter((code) => shown.includes(code))).toEqual([]);
  await generate.getByRole("button", { name: "Done" }).click();
  await expect(recoveryCodesRow(page)).toContainText("10 recovery codes left");

  // An old code is refused now; a new one works.
  await signInWithRecoveryCode(page, newUser, shown[1]!);
  await expect(page.getByLabel("Recovery code")).toHaveAccessibleDescription(/That recovery code is not correct/);
  await page.getByLabel("Recovery code").fill(renewed[0]!);
  await page.getByRole("button", { name: "Verify code" }).click();
  await expect(page.getByRole("region", { name: "Recovery codes" })).toContainText("9 recovery codes left");
  await openSecurityAndAccess(page, newUser.name);
  await expect(page.getByRole("cell", { name: "Signed in with a recovery code" }).first()).toBeVisible();
  await expect(page.getByRole("cell", { name: "Recovery codes generated" }).first()).toBeVisible();
});

test("with 3 or fewer codes left, the page after sign-in and Security and access say so", async ({ page, newUser }) => {
  const codes = await turnOnAppAndSaveCodes(page, newUser);
  await expect(recoveryCodesRow(page).getByText(/Generate new codes so that/)).toHaveCount(0);

  for (const [index, code] of codes.slice(0, 7).entries()) {
    await signInWithRecoveryCode(page, newUser, code);
    await expect(page.getByRole("region", { name: "Recovery codes" })).toContainText(`${9 - index} recovery codes left`);
  }
  const notice = page.getByRole("region", { name: "Recovery codes" });
  await expect(notice).toContainText("Generate new codes so that you can still sign in if you lose your phone, security key or mailbox.");

  // The home page says so on every visit, not only right after a recovery code was used.
  await page.goto("/customer-area");
  await expect(page.getByRole("region", { name: "Recovery codes" })).toContainText("3 recovery codes left");
  await page.goto("/customer-area/security");
  await expect(recoveryCodesRow(page)).toContainText("Only 3 recovery codes left. Generate new codes so that");
});
