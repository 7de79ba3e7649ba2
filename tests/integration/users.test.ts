import { describe, expect, it, vi } from "vitest";
import { signInWithPassword } from "@/lib/auth/sign-in-with-password";
import { db } from "@/lib/db";
import { MailDeliveryError } from "@/lib/mail/send-mail";
import { acceptInvitation, findUsableInvitation } from "@/lib/users/accept-invitation";
import { addUser, INVITATIONS_PER_ADDRESS_PER_HOUR, PASSWORD_SETUP_LINK_LIFETIME_MS } from "@/lib/users/add-user";
import { getInvitationRows, getUsersPageData } from "@/lib/users/users-page-data";
import { createOwner, createTestUser, freshEmail } from "@/tests/support/create-test-user";
import { useSmtpSink, whileMailServerDown } from "@/tests/support/mail";
import { expectAuthError, TEST_CONTEXT } from "@/tests/support/two-factor-fixtures";

const sink = useSmtpSink();

const LINK = /\/set-password\?token=([A-Za-z0-9_%-]+)/;

/** The link in the newest mail to `email`, read as the new user would. */
async function invitationToken(email: string): Promise<string> {
  const mail = await sink().waitForMail(email);
  const match = LINK.exec(mail.text);
  if (!match?.[1]) throw new Error(`No set-password link in the mail to ${email}`);
  return decodeURIComponent(match[1]);
}

/** Everything `Users` shows its owner, without the ids and times that differ from row to row. */
async function whatTheOwnerSees(accountId: string) {
  const [users, invitations] = await Promise.all([getUsersPageData(accountId), getInvitationRows(accountId)]);
  return {
    users: users.map((user) => user.email),
    invitations: invitations.map(({ name, email, sentAt, expiresAt }) => ({ name, email, lifetime: expiresAt.getTime() - sentAt.getTime() })),
  };
}

describe("an owner adds a user: an invitation with a hashed single-use link valid 24 hours; the user exists only once it is used", () => {
  it("stores an invitation, not a user, and mails a link that is stored only as a hash", async () => {
    const owner = await createOwner();
    const email = freshEmail("invitee");
    const before = Date.now();

    await addUser(owner, { name: "New Member", email });

    expect(await db.user.count({ where: { email } })).toBe(0);
    const [invitation, ...others] = await db.invitation.findMany({ where: { email } });
    expect(others).toHaveLength(0);
    expect({ accountId: invitation!.accountId, name: invitation!.name }).toEqual({ accountId: owner.accountId, name: "New Member" });
    const token = await invitationToken(email);
    expect(invitation!.tokenHash).not.toContain(token);
    expect(await db.invitation.count({ where: { tokenHash: token } })).toBe(0);
    const lifetime = invitation!.expiresAt.getTime() - before;
    expect(lifetime).toBeGreaterThanOrEqual(PASSWORD_SETUP_LINK_LIFETIME_MS);
    expect(lifetime).toBeLessThan(PASSWORD_SETUP_LINK_LIFETIME_MS + 60_000);
    expect(PASSWORD_SETUP_LINK_LIFETIME_MS).toBe(24 * 60 * 60 * 1000);
  });

  it("the link creates the member with the chosen password once; the user can then sign in; a second use is LINK_INVALID", async () => {
    const owner = await createOwner();
    const email = freshEmail("once");
    await addUser(owner, { name: "Once", email });
    const token = await invitationToken(email);

    expect(await acceptInvitation(token, "first-chosen-password", TEST_CONTEXT)).toBe(email);
    const user = await db.user.findUniqueOrThrow({ where: { email } });
    expect({ accountId: user.accountId, role: user.role, name: user.name }).toEqual({ accountId: owner.accountId, role: "member", name: "Once" });
    expect((await signInWithPassword(email, "first-chosen-password", TEST_CONTEXT)).kind).toBe("signed-in");
    expect(await getInvitationRows(owner.accountId)).toEqual([]);

    await expectAuthError(acceptInvitation(token, "second-chosen-password", TEST_CONTEXT), "LINK_INVALID");
    expect(await findUsableInvitation(token)).toBeNull();
    await expectAuthError(signInWithPassword(email, "second-chosen-password", TEST_CONTEXT), "INVALID_CREDENTIALS");
  });

  it("two parallel uses of one link: exactly one creates the user", async () => {
    const owner = await createOwner();
    const email = freshEmail("race");
    await addUser(owner, { name: "Race", email });
    const token = await invitationToken(email);

    const results = await Promise.allSettled([
      acceptInvitation(token, "parallel-password-a", TEST_CONTEXT),
      acceptInvitation(token, "parallel-password-b", TEST_CONTEXT),
    ]);
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
    // The link is used up before the user is created: the other use finds no link, not a taken address.
    const refused = results.find((result) => result.status === "rejected");
    expect((refused as PromiseRejectedResult).reason).toMatchObject({ code: "LINK_INVALID" });
    expect(await db.user.count({ where: { email } })).toBe(1);
  });

  it("an expired link is refused and creates no user", async () => {
    const owner = await createOwner();
    const email = freshEmail("expired");
    await addUser(owner, { name: "Late", email });
    const token = await invitationToken(email);
    await db.invitation.updateMany({ where: { email }, data: { expiresAt: new Date(Date.now() - 1000) } });

    expect(await findUsableInvitation(token)).toBeNull();
    await expectAuthError(acceptInvitation(token, "too-late-password", TEST_CONTEXT), "LINK_INVALID");
    expect(await db.user.count({ where: { email } })).toBe(0);
  });

  it("a made-up token is refused", async () => {
    await expectAuthError(acceptInvitation("not-a-real-token", "some-password-123", TEST_CONTEXT), "LINK_INVALID");
  });

  it("adding an invited address again sends a new link in its place: the old link dies, one invitation stays", async () => {
    const owner = await createOwner();
    const email = freshEmail("again");
    await addUser(owner, { name: "First Name", email });
    const oldToken = await invitationToken(email);
    sink().clear();

    await addUser(owner, { name: "Second Name", email });
    const newToken = await invitationToken(email);

    expect(newToken).not.toBe(oldToken);
    expect((await getInvitationRows(owner.accountId)).map((row) => [row.email, row.name])).toEqual([[email, "Second Name"]]);
    await expectAuthError(acceptInvitation(oldToken, "old-link-password", TEST_CONTEXT), "LINK_INVALID");
    expect(await acceptInvitation(newToken, "new-link-password", TEST_CONTEXT)).toBe(email);
  });

  it("parallel adds of one address (a double click, two owners' tabs) succeed up to the address's hourly ceiling and leave one invitation whose newest link works", async () => {
    const owner = await createOwner();
    const email = freshEmail("parallel");

    const results = await Promise.allSettled(Array.from({ length: 5 }, () => addUser(owner, { name: "Twice", email })));

    // Past the recipient's ceiling the owner is told a link was sent recently (tests/integration/mail-cannon.test.ts).
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(INVITATIONS_PER_ADDRESS_PER_HOUR);
    for (const result of results) {
      if (result.status === "rejected") expect(result.reason).toMatchObject({ code: "RECIPIENT_RECENTLY_MAILED" });
    }
    expect(await db.invitation.count({ where: { email } })).toBe(1);
    const working = await Promise.all(
      sink().mailsTo(email).map(async (mail) => findUsableInvitation(decodeURIComponent(LINK.exec(mail.text)![1]!))),
    );
    expect(working.filter((invitation) => invitation !== null)).toHaveLength(1);
  });

  it("if the SMTP server is down, MailDeliveryError and nothing is kept; a failed new link leaves the earlier one working", async () => {
    const owner = await createOwner();
    const email = freshEmail("down");
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      await expect(whileMailServerDown(() => addUser(owner, { name: "Nobody", email }))).rejects.toBeInstanceOf(MailDeliveryError);
      expect(await db.invitation.count({ where: { email } })).toBe(0);

      // Nothing left behind, so the owner can simply try again.
      await addUser(owner, { name: "Somebody", email });
      const token = await invitationToken(email);
      await expect(whileMailServerDown(() => addUser(owner, { name: "Renamed", email }))).rejects.toBeInstanceOf(MailDeliveryError);
      expect((await getInvitationRows(owner.accountId)).map((row) => row.name)).toEqual(["Somebody"]);
      expect(await acceptInvitation(token, "earlier-link-password", TEST_CONTEXT)).toBe(email);
    } finally {
      errors.mockRestore();
    }
  });
});

describe("Add user tells an owner nothing about other accounts", () => {
  it("an address with a user in another account: the owner's answer and Users page are those of a new address; that user gets a notice, no link, and is unchanged", async () => {
    const owner = await createOwner();
    const elsewhere = await createTestUser({ role: "member", name: "Eve Elsewhere" });
    const fresh = freshEmail("fresh");

    const answers = [await addUser(owner, { name: "Known", email: elsewhere.email }), await addUser(owner, { name: "Fresh", email: fresh })];

    expect(answers).toEqual([undefined, undefined]);
    const seen = await whatTheOwnerSees(owner.accountId);
    expect(seen.users).not.toContain(elsewhere.email);
    expect(seen.invitations).toEqual([
      { name: "Known", email: elsewhere.email, lifetime: PASSWORD_SETUP_LINK_LIFETIME_MS },
      { name: "Fresh", email: fresh, lifetime: PASSWORD_SETUP_LINK_LIFETIME_MS },
    ]);
    // One mail each way, so even a slow mail server tells the owner nothing.
    const [notice, ...more] = sink().mailsTo(elsewhere.email);
    expect(more).toHaveLength(0);
    expect(sink().mailsTo(fresh)).toHaveLength(1);
    expect(notice!.text).toContain("already belongs to your user in another account");
    expect(notice!.text).not.toMatch(LINK);
    const after = await db.user.findUniqueOrThrow({ where: { email: elsewhere.email } });
    expect({ accountId: after.accountId, passwordHash: after.passwordHash }).toEqual({
      accountId: elsewhere.account.id,
      passwordHash: elsewhere.user.passwordHash,
    });
    expect((await signInWithPassword(elsewhere.email, elsewhere.password, TEST_CONTEXT)).kind).toBe("signed-in");
  });

  it("a user of the owner's own account is reported, and nothing is sent or stored", async () => {
    const owner = await createOwner();
    const colleague = await createTestUser({ role: "member" });
    await db.user.update({ where: { id: colleague.user.id }, data: { accountId: owner.accountId } });

    await expectAuthError(addUser(owner, { name: "Colleague", email: colleague.email }), "ALREADY_IN_ACCOUNT");

    expect(sink().mailsTo(colleague.email)).toHaveLength(0);
    expect(await db.invitation.count({ where: { email: colleague.email } })).toBe(0);
  });

  it("two accounts invite one new address: the first link used makes the user; the other link then says so and creates nothing", async () => {
    const first = await createOwner();
    const second = await createOwner();
    const email = freshEmail("wanted");
    await addUser(first, { name: "Wanted", email });
    const firstToken = await invitationToken(email);
    sink().clear();
    await addUser(second, { name: "Wanted", email });
    const secondToken = await invitationToken(email);

    await acceptInvitation(secondToken, "joined-second-account", TEST_CONTEXT);

    expect((await db.user.findUniqueOrThrow({ where: { email } })).accountId).toBe(second.accountId);
    expect(await findUsableInvitation(firstToken)).toMatchObject({ email, addressHasUser: true });
    await expectAuthError(acceptInvitation(firstToken, "joined-first-account", TEST_CONTEXT), "ADDRESS_HAS_USER");
    // The first owner's invitation waits as any unanswered one does.
    expect((await whatTheOwnerSees(first.accountId)).invitations.map((row) => row.email)).toEqual([email]);
    expect((await signInWithPassword(email, "joined-second-account", TEST_CONTEXT)).kind).toBe("signed-in");
  });
});
