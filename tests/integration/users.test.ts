import { describe, expect, it, vi } from "vitest";
import { signInWithPassword } from "@/lib/auth/sign-in-with-password";
import { db } from "@/lib/db";
import { MailDeliveryError } from "@/lib/mail/send-mail";
import { addUser, PASSWORD_SETUP_LINK_LIFETIME_MS } from "@/lib/users/add-user";
import { findUsablePasswordSetupLink, setPasswordFromLink } from "@/lib/users/set-password-from-link";
import { createTestUser } from "@/tests/support/create-test-user";
import { useSmtpSink, whileMailServerDown } from "@/tests/support/mail";
import { expectAuthError, TEST_CONTEXT } from "@/tests/support/two-factor-fixtures";

const sink = useSmtpSink();

async function ownerOfAccount() {
  const { user, account } = await createTestUser({ role: "owner" });
  return { id: user.id, name: user.name, accountId: account.id, accountName: account.name };
}

function newEmail(label: string): string {
  return `${label}-${Math.random().toString(36).slice(2, 10)}@example.test`;
}

/** The link in the invitation, read as the new user would. */
async function invitationToken(email: string): Promise<string> {
  const mail = await sink().waitForMail(email);
  const match = /\/set-password\?token=([A-Za-z0-9_%-]+)/.exec(mail.text);
  if (!match?.[1]) throw new Error(`No set-password link in the mail to ${email}`);
  return decodeURIComponent(match[1]);
}

describe("an owner adds a user: a hashed single-use link valid 24 hours, by mail", () => {
  it("creates a member without a password and mails a link that is stored only as a hash", async () => {
    const owner = await ownerOfAccount();
    const email = newEmail("invitee");
    const before = Date.now();

    await addUser(owner, { name: "New Member", email });

    const user = await db.user.findUniqueOrThrow({ where: { email }, include: { passwordSetupLinks: true } });
    expect({ accountId: user.accountId, role: user.role, passwordHash: user.passwordHash }).toEqual({
      accountId: owner.accountId,
      role: "member",
      passwordHash: null,
    });
    const token = await invitationToken(email);
    const [link] = user.passwordSetupLinks;
    expect(user.passwordSetupLinks).toHaveLength(1);
    expect(link!.tokenHash).not.toContain(token);
    expect(await db.passwordSetupLink.count({ where: { tokenHash: token } })).toBe(0);
    const lifetime = link!.expiresAt.getTime() - before;
    expect(lifetime).toBeGreaterThanOrEqual(PASSWORD_SETUP_LINK_LIFETIME_MS);
    expect(lifetime).toBeLessThan(PASSWORD_SETUP_LINK_LIFETIME_MS + 60_000);
    expect(PASSWORD_SETUP_LINK_LIFETIME_MS).toBe(24 * 60 * 60 * 1000);
  });

  it("the link sets the password once; the user can then sign in; a second use is LINK_INVALID", async () => {
    const owner = await ownerOfAccount();
    const email = newEmail("once");
    await addUser(owner, { name: "Once", email });
    const token = await invitationToken(email);

    expect(await setPasswordFromLink(token, "first-chosen-password", TEST_CONTEXT)).toBe(email);
    expect((await signInWithPassword(email, "first-chosen-password", TEST_CONTEXT)).kind).toBe("signed-in");

    await expectAuthError(setPasswordFromLink(token, "second-chosen-password", TEST_CONTEXT), "LINK_INVALID");
    expect(await findUsablePasswordSetupLink(token)).toBeNull();
    await expectAuthError(signInWithPassword(email, "second-chosen-password", TEST_CONTEXT), "INVALID_CREDENTIALS");
  });

  it("two parallel uses of one link: exactly one sets the password", async () => {
    const owner = await ownerOfAccount();
    const email = newEmail("race");
    await addUser(owner, { name: "Race", email });
    const token = await invitationToken(email);

    const results = await Promise.allSettled([
      setPasswordFromLink(token, "parallel-password-a", TEST_CONTEXT),
      setPasswordFromLink(token, "parallel-password-b", TEST_CONTEXT),
    ]);
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
  });

  it("an expired link is refused and sets no password", async () => {
    const owner = await ownerOfAccount();
    const email = newEmail("expired");
    await addUser(owner, { name: "Late", email });
    const token = await invitationToken(email);
    const user = await db.user.findUniqueOrThrow({ where: { email } });
    await db.passwordSetupLink.updateMany({ where: { userId: user.id }, data: { expiresAt: new Date(Date.now() - 1000) } });

    expect(await findUsablePasswordSetupLink(token)).toBeNull();
    await expectAuthError(setPasswordFromLink(token, "too-late-password", TEST_CONTEXT), "LINK_INVALID");
    expect((await db.user.findUniqueOrThrow({ where: { email } })).passwordHash).toBeNull();
  });

  it("a made-up token is refused", async () => {
    await expectAuthError(setPasswordFromLink("not-a-real-token", "some-password-123", TEST_CONTEXT), "LINK_INVALID");
  });

  it("if the SMTP server is down, MailDeliveryError and nothing is kept: no user, no link", async () => {
    const owner = await ownerOfAccount();
    const email = newEmail("down");
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      await expect(whileMailServerDown(() => addUser(owner, { name: "Nobody", email }))).rejects.toBeInstanceOf(
        MailDeliveryError,
      );
    } finally {
      errors.mockRestore();
    }
    expect(await db.user.count({ where: { email } })).toBe(0);
    expect(await db.passwordSetupLink.count({ where: { user: { email } } })).toBe(0);

    // Nothing left behind, so the owner can simply try again.
    await addUser(owner, { name: "Somebody", email });
    expect(await db.user.count({ where: { email } })).toBe(1);
  });
});
