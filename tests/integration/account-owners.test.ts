import { describe, expect, it } from "vitest";
import { findActiveSession, recordSignIn } from "@/lib/auth/sessions";
import { signInWithPassword } from "@/lib/auth/sign-in-with-password";
import { mustSetUpTwoFactor } from "@/lib/auth/two-factor-requirement";
import { sessionCounter } from "@/lib/auth/attempt-limiter";
import { db } from "@/lib/db";
import { resetTwoFactor } from "@/lib/users/reset-two-factor";
import { REQUIREMENT_CHANGES_PER_ACCOUNT_PER_HOUR, setTwoFactorRequirement } from "@/lib/users/set-two-factor-requirement";
import { getUsersPageData } from "@/lib/users/users-page-data";
import { createTestUser } from "@/tests/support/create-test-user";
import {
  createSignedInSession,
  createTrustedBrowser,
  createTwoFactorUser,
  expectAuthError,
  giveRecoveryCodes,
  latestOutboxMail,
  pendingSignInFor,
  TEST_CONTEXT,
} from "@/tests/support/two-factor-fixtures";

/** A member of the owner's account, written as addUser and the invitation link would leave them, with methods. */
async function addMember(accountId: string, methods: ("totp" | "email")[] = [], password = "member-password-123") {
  const created = await createTwoFactorUser({ role: "member", methods, password });
  await db.user.update({ where: { id: created.user.id }, data: { accountId } });
  await db.account.delete({ where: { id: created.account.id } });
  return created;
}

describe("Users: each user's two-factor authentication and last sign-in, for the owner's own account only", () => {
  it("lists every user of the account with their methods in the registry's order, 'Off' as none, and never a secret", async () => {
    const owner = await createTwoFactorUser({ role: "owner", methods: ["email", "totp"], primary: "email" });
    const withApp = await addMember(owner.account.id, ["totp"]);
    const stranger = await createTwoFactorUser({ role: "owner", methods: ["totp"] });

    const rows = await getUsersPageData(owner.account.id);

    expect(rows.map((row) => [row.email, row.role, row.methods])).toEqual([
      [owner.email, "owner", ["totp", "email"]],
      [withApp.email, "member", ["totp"]],
    ]);
    expect(rows.map((row) => row.id)).not.toContain(stranger.user.id);
    const serialized = JSON.stringify(rows);
    for (const secret of ["totpSecret", "passwordHash", owner.totpSecret, withApp.totpSecret]) {
      expect(serialized).not.toContain(secret);
    }
  });

  it("the filter 'without-2fa' keeps only the users with no method", async () => {
    const owner = await createTwoFactorUser({ role: "owner", methods: ["totp"] });
    const without = await addMember(owner.account.id);
    await addMember(owner.account.id, ["email"]);

    const rows = await getUsersPageData(owner.account.id, "without-2fa");

    expect(rows.map((row) => row.email)).toEqual([without.email]);
  });

  it("last sign-in is the newest completed sign-in of any kind or session start; a failed one does not count", async () => {
    const { account, user } = await createTestUser({ role: "owner" });
    expect((await getUsersPageData(account.id))[0]!.lastSignInAt).toBeNull();

    await recordSignIn({ userId: user.id, context: TEST_CONTEXT, event: { type: "sign_in_trusted_browser" }, clearsCounter: "none" });
    const signedIn = await db.securityEvent.findFirstOrThrow({ where: { userId: user.id } });
    await db.securityEvent.create({ data: { userId: user.id, type: "sign_in_failed", createdAt: new Date(Date.now() + 60_000) } });

    expect((await getUsersPageData(account.id))[0]!.lastSignInAt).toEqual(signedIn.createdAt);

    const signedUp = await createSignedInSession(user.id);
    expect((await getUsersPageData(account.id))[0]!.lastSignInAt).toEqual(signedUp.createdAt);
  });
});

/** Everything of a user that lets them in or stands in for a factor, for "reset" and "nothing changed". */
async function wayIn(userId: string) {
  const [methods, recoveryCodes, sessions, livePendingSignIns, trustedBrowsers, primary] = await Promise.all([
    db.twoFactorMethod.count({ where: { userId } }),
    db.recoveryCode.count({ where: { userId } }),
    db.session.count({ where: { userId } }),
    db.pendingSignIn.count({ where: { userId, consumedAt: null } }),
    db.trustedBrowser.count({ where: { userId } }),
    db.user.findUniqueOrThrow({ where: { id: userId }, select: { primaryTwoFactorType: true } }),
  ]);
  return { methods, recoveryCodes, sessions, livePendingSignIns, trustedBrowsers, primary: primary.primaryTwoFactorType };
}

/** A signed-in owner with 2FA, and a member of the same account with both methods, recovery codes, sessions, a sign-in under way and a trusted browser. */
async function ownerAndLockedOutMember() {
  const owner = await createTwoFactorUser({ role: "owner", methods: ["totp"], name: "Olga Owner" });
  const ownerSession = await createSignedInSession(owner.user.id);
  const member = await addMember(owner.account.id, ["totp", "email"], "member-password-123");
  await giveRecoveryCodes(member.user.id);
  await createSignedInSession(member.user.id);
  await createSignedInSession(member.user.id);
  await pendingSignInFor(member, "member-password-123");
  await createTrustedBrowser(member.user.id);
  const asOwner = { id: owner.user.id, name: owner.user.name, accountId: owner.account.id, sessionId: ownerSession.id };
  return { owner, ownerSession, member, asOwner };
}

describe("Reset two-factor authentication: another user of the owner's own account, with the owner's password and the typed address", () => {
  it("removes the methods and recovery codes, ends every session, sign-in under way and trusted browser, records both events and mails the user", async () => {
    const { owner, ownerSession, member, asOwner } = await ownerAndLockedOutMember();

    const result = await resetTwoFactor({
      owner: asOwner,
      targetUserId: member.user.id,
      confirmation: member.email,
      password: owner.password,
      context: TEST_CONTEXT,
    });

    expect(result).toMatchObject({ sessionsEnded: 2, notificationSent: true });
    expect(await wayIn(member.user.id)).toEqual({
      methods: 0, recoveryCodes: 0, sessions: 0, livePendingSignIns: 0, trustedBrowsers: 0, primary: null,
    });
    expect(await db.session.count({ where: { id: ownerSession.id } })).toBe(1);
    expect(await db.securityEvent.findFirst({ where: { userId: member.user.id, type: "two_factor_reset" } })).toMatchObject({
      relatedUserId: owner.user.id,
    });
    expect(await db.securityEvent.findFirst({ where: { userId: owner.user.id, type: "two_factor_reset_for_user" } })).toMatchObject({
      relatedUserId: member.user.id,
    });
    const mail = await latestOutboxMail(member.email);
    expect(mail?.subject).toBe("Your two-factor authentication was reset");
    expect(mail?.text).toContain("Olga Owner, the owner of your account");
    expect(await wayIn(owner.user.id)).toMatchObject({ methods: 1 });
  });

  it("an owner of account A cannot reset a user of account B, even with the right password and address: NOT_ALLOWED, nothing changes", async () => {
    const { owner, asOwner } = await ownerAndLockedOutMember();
    const stranger = await createTwoFactorUser({ role: "member", methods: ["totp"] });
    await createSignedInSession(stranger.user.id);
    const before = await wayIn(stranger.user.id);

    await expectAuthError(
      resetTwoFactor({ owner: asOwner, targetUserId: stranger.user.id, confirmation: stranger.email, password: owner.password, context: TEST_CONTEXT }),
      "NOT_ALLOWED",
    );
    expect(await wayIn(stranger.user.id)).toEqual(before);
    expect(await latestOutboxMail(stranger.email)).toBeNull();
  });

  it("a member naming their own account cannot reset a colleague: NOT_ALLOWED, nothing changes", async () => {
    const { member, owner } = await ownerAndLockedOutMember();
    const colleague = await addMember(owner.account.id, ["totp"]);
    const memberSession = await createSignedInSession(member.user.id);
    const before = await wayIn(colleague.user.id);

    await expectAuthError(
      resetTwoFactor({
        owner: { id: member.user.id, name: member.user.name, accountId: owner.account.id, sessionId: memberSession.id },
        targetUserId: colleague.user.id,
        confirmation: colleague.email,
        password: "member-password-123",
        context: TEST_CONTEXT,
      }),
      "NOT_ALLOWED",
    );
    expect(await wayIn(colleague.user.id)).toEqual(before);
  });

  it("the owner's own user cannot be reset: NOT_ALLOWED", async () => {
    const { owner, asOwner } = await ownerAndLockedOutMember();
    const before = await wayIn(owner.user.id);

    await expectAuthError(
      resetTwoFactor({ owner: asOwner, targetUserId: owner.user.id, confirmation: owner.email, password: owner.password, context: TEST_CONTEXT }),
      "NOT_ALLOWED",
    );
    expect(await wayIn(owner.user.id)).toEqual(before);
  });

  it("a wrong password is refused, counted against the owner's session and in the owner's activity, and changes nothing", async () => {
    const { owner, ownerSession, member, asOwner } = await ownerAndLockedOutMember();
    const before = await wayIn(member.user.id);

    await expectAuthError(
      resetTwoFactor({ owner: asOwner, targetUserId: member.user.id, confirmation: member.email, password: "not-the-password", context: TEST_CONTEXT }),
      "WRONG_PASSWORD",
    );
    expect(await wayIn(member.user.id)).toEqual(before);
    expect((await db.attemptCounter.findUnique({ where: { key: sessionCounter(ownerSession.id).key } }))?.attempts).toBe(1);
    expect(await db.securityEvent.count({ where: { userId: owner.user.id, type: "password_confirmation_failed" } })).toBe(1);
  });

  it("a typed address that is not the user's is refused and changes nothing", async () => {
    const { owner, member, asOwner } = await ownerAndLockedOutMember();
    const before = await wayIn(member.user.id);

    await expectAuthError(
      resetTwoFactor({ owner: asOwner, targetUserId: member.user.id, confirmation: owner.email, password: owner.password, context: TEST_CONTEXT }),
      "CONFIRMATION_MISMATCH",
    );
    expect(await wayIn(member.user.id)).toEqual(before);
  });

  it("a user without two-factor authentication has nothing to reset", async () => {
    const { owner, asOwner } = await ownerAndLockedOutMember();
    const without = await addMember(owner.account.id);

    await expectAuthError(
      resetTwoFactor({ owner: asOwner, targetUserId: without.user.id, confirmation: without.email, password: owner.password, context: TEST_CONTEXT }),
      "NOTHING_TO_RESET",
    );
  });
});

describe("Require two-factor authentication: the owner's password, the owner's own 2FA, an event and a mail for every user", () => {
  async function ownerWithMembers() {
    const owner = await createTwoFactorUser({ role: "owner", methods: ["totp"], name: "Olga Owner" });
    const ownerSession = await createSignedInSession(owner.user.id);
    const without = await addMember(owner.account.id);
    const withApp = await addMember(owner.account.id, ["totp"]);
    const asOwner = { id: owner.user.id, name: owner.user.name, accountId: owner.account.id, sessionId: ownerSession.id };
    return { owner, ownerSession, without, withApp, asOwner };
  }

  it("sets the deadline from the grace period, records an event on every user and mails each of them", async () => {
    const { owner, without, withApp, asOwner } = await ownerWithMembers();
    const now = new Date();

    const result = await setTwoFactorRequirement({ owner: asOwner, graceDays: 14, password: owner.password, context: TEST_CONTEXT, now });

    const deadline = new Date(now.getTime() + 14 * 24 * 60 * 60 * 1000);
    expect(result).toEqual({ requiredFrom: deadline, notDelivered: 0 });
    expect((await db.account.findUniqueOrThrow({ where: { id: owner.account.id } })).twoFactorRequiredFrom).toEqual(deadline);
    for (const user of [owner, without, withApp]) {
      expect(await db.securityEvent.count({ where: { userId: user.user.id, type: "two_factor_required" } }), user.email).toBe(1);
    }
    expect((await latestOutboxMail(without.email))?.text).toContain("Set up an authentication method before then");
    expect((await latestOutboxMail(withApp.email))?.text).toContain("there is nothing for you to do");
    expect((await latestOutboxMail(owner.email))?.subject).toBe("Your account requires two-factor authentication");
  });

  it("turning it off is allowed, and is an event and a mail too", async () => {
    const { owner, without, asOwner } = await ownerWithMembers();
    await setTwoFactorRequirement({ owner: asOwner, graceDays: 0, password: owner.password, context: TEST_CONTEXT });

    await setTwoFactorRequirement({ owner: asOwner, graceDays: null, password: owner.password, context: TEST_CONTEXT });

    expect((await db.account.findUniqueOrThrow({ where: { id: owner.account.id } })).twoFactorRequiredFrom).toBeNull();
    expect(await db.securityEvent.count({ where: { userId: without.user.id, type: "two_factor_requirement_removed" } })).toBe(1);
    expect((await latestOutboxMail(without.email))?.subject).toBe("Two-factor authentication is no longer required");
  });

  it("an owner without two-factor authentication cannot require it (OWNER_WITHOUT_TWO_FACTOR), and no mail goes out", async () => {
    const { account, user, password } = await createTestUser({ role: "owner" });
    const member = await addMember(account.id);
    const session = await createSignedInSession(user.id);

    await expectAuthError(
      setTwoFactorRequirement({
        owner: { id: user.id, name: user.name, accountId: account.id, sessionId: session.id },
        graceDays: 7,
        password: password!,
        context: TEST_CONTEXT,
      }),
      "OWNER_WITHOUT_TWO_FACTOR",
    );
    expect((await db.account.findUniqueOrThrow({ where: { id: account.id } })).twoFactorRequiredFrom).toBeNull();
    expect(await latestOutboxMail(member.email)).toBeNull();
  });

  it("a member of the account, even with two-factor authentication and their password, cannot change it (NOT_ALLOWED)", async () => {
    const { owner, withApp } = await ownerWithMembers();
    const session = await createSignedInSession(withApp.user.id);

    await expectAuthError(
      setTwoFactorRequirement({
        owner: { id: withApp.user.id, name: withApp.user.name, accountId: owner.account.id, sessionId: session.id },
        graceDays: 0,
        password: "member-password-123",
        context: TEST_CONTEXT,
      }),
      "NOT_ALLOWED",
    );
    expect((await db.account.findUniqueOrThrow({ where: { id: owner.account.id } })).twoFactorRequiredFrom).toBeNull();
  });

  it("a wrong password is refused and counted; nothing changes", async () => {
    const { owner, ownerSession, asOwner } = await ownerWithMembers();

    await expectAuthError(
      setTwoFactorRequirement({ owner: asOwner, graceDays: 0, password: "not-the-password", context: TEST_CONTEXT }),
      "WRONG_PASSWORD",
    );
    expect((await db.account.findUniqueOrThrow({ where: { id: owner.account.id } })).twoFactorRequiredFrom).toBeNull();
    expect((await db.attemptCounter.findUnique({ where: { key: sessionCounter(ownerSession.id).key } }))?.attempts).toBe(1);
  });

  it(`at most ${REQUIREMENT_CHANGES_PER_ACCOUNT_PER_HOUR} changes an hour per account, since each one mails every user`, async () => {
    const { owner, without, asOwner } = await ownerWithMembers();
    for (let change = 0; change < REQUIREMENT_CHANGES_PER_ACCOUNT_PER_HOUR; change++) {
      await setTwoFactorRequirement({ owner: asOwner, graceDays: change % 2 ? null : 0, password: owner.password, context: TEST_CONTEXT });
    }
    const mailsBefore = await db.devOutboxMail.count({ where: { to: without.email } });

    await expectAuthError(
      setTwoFactorRequirement({ owner: asOwner, graceDays: 0, password: owner.password, context: TEST_CONTEXT }),
      "REQUIREMENT_CHANGES_LIMITED",
    );
    expect(await db.devOutboxMail.count({ where: { to: without.email } })).toBe(mailsBefore);
  });

  it("after a reset in an account that requires it, the user's next sign-in with the password may only set up a method", async () => {
    const { owner, withApp, asOwner } = await ownerWithMembers();
    await setTwoFactorRequirement({ owner: asOwner, graceDays: 0, password: owner.password, context: TEST_CONTEXT });
    await resetTwoFactor({ owner: asOwner, targetUserId: withApp.user.id, confirmation: withApp.email, password: owner.password, context: TEST_CONTEXT });

    const signIn = await signInWithPassword(withApp.email, "member-password-123", TEST_CONTEXT);
    if (signIn.kind !== "signed-in") throw new Error(`expected a session, got ${signIn.kind}`);
    const session = await findActiveSession(signIn.sessionToken);
    expect(mustSetUpTwoFactor(session!)).toBe(true);
    expect((await latestOutboxMail(withApp.email))?.text).toContain("you will set up a method before anything else");
  });
});
