import { beforeEach, describe, expect, it, vi } from "vitest";
import { changePassword } from "@/lib/auth/change-password";
import { completeSignInWithCode } from "@/lib/auth/complete-sign-in-with-code";
import { removeAllTrustedBrowsers, removeTrustedBrowser } from "@/lib/auth/remove-trusted-browsers";
import { signInWithPassword } from "@/lib/auth/sign-in-with-password";
import { TRUSTED_BROWSER_DAYS, trustedBrowserTokenHash } from "@/lib/auth/trusted-browsers";
import { db } from "@/lib/db";
import { deactivateMethod } from "@/lib/two-factor/deactivate-method";
import { generateRecoveryCodes } from "@/lib/two-factor/generate-recovery-codes";
import {
  createSignedInSession,
  createTrustedBrowser,
  createTwoFactorUser,
  expectAuthError,
  giveRecoveryCodes,
  latestOutboxMail,
  later,
  midStep,
  TEST_CONTEXT,
  totpCodeAt,
  wrongTotpCode,
} from "@/tests/support/two-factor-fixtures";

const DAY = 24 * 60 * 60 * 1000;

beforeEach(() => {
  vi.spyOn(console, "info").mockImplementation(() => {});
});

type TwoFactorUser = Awaited<ReturnType<typeof createTwoFactorUser>>;

/** The password step, then the authentication app's code with "Trust this browser for 30 days" as given. */
async function signInWithCode(user: TwoFactorUser, { trustBrowser, now }: { trustBrowser: boolean; now: Date }) {
  const started = await signInWithPassword(user.email, user.password, TEST_CONTEXT, { now });
  if (started.kind !== "second-factor-required") throw new Error(`expected the second factor, got ${started.kind}`);
  return completeSignInWithCode({
    pendingSignInToken: started.pendingSignInToken,
    method: "totp",
    code: totpCodeAt(user.totpSecret, now),
    context: TEST_CONTEXT,
    trustBrowser,
    now,
  });
}

async function trustedRowsOf(userId: string) {
  return db.trustedBrowser.findMany({ where: { userId }, select: { id: true } });
}

async function eventTypes(userId: string) {
  const events = await db.securityEvent.findMany({ where: { userId }, orderBy: { createdAt: "asc" }, select: { type: true } });
  return events.map((event) => event.type);
}

describe("Trust this browser for 30 days: checked with a right code, the browser is trusted, stored hashed", () => {
  it("a right code with the box checked trusts the browser for 30 days, bound to the user, with its security event", async () => {
    const me = await createTwoFactorUser({ methods: ["totp"] });
    const now = midStep();

    const signedIn = await signInWithCode(me, { trustBrowser: true, now });

    expect(signedIn.trustedBrowserToken, "the token for the trusted-browser cookie").toBeTruthy();
    const rows = await db.trustedBrowser.findMany({ where: { userId: me.user.id } });
    expect(rows).toHaveLength(1);
    expect(rows[0]!.tokenHash).toBe(trustedBrowserTokenHash(signedIn.trustedBrowserToken!));
    expect(JSON.stringify(rows[0]), "the row never holds the cookie's token").not.toContain(signedIn.trustedBrowserToken);
    expect(rows[0]!.expiresAt.getTime() - now.getTime()).toBe(TRUSTED_BROWSER_DAYS * DAY);
    expect(rows[0]).toMatchObject({ ipAddress: TEST_CONTEXT.ipAddress, userAgent: TEST_CONTEXT.userAgent });
    expect(await eventTypes(me.user.id)).toEqual(["sign_in_second_factor", "browser_trusted"]);
  });

  it("unchecked, nothing is trusted; a wrong code with the box checked trusts nothing either", async () => {
    const me = await createTwoFactorUser({ methods: ["totp"] });
    const now = midStep();

    expect((await signInWithCode(me, { trustBrowser: false, now })).trustedBrowserToken).toBeUndefined();

    const started = await signInWithPassword(me.email, me.password, TEST_CONTEXT, { now });
    if (started.kind !== "second-factor-required") throw new Error("expected the second factor");
    const wrong = { pendingSignInToken: started.pendingSignInToken, method: "totp", code: wrongTotpCode(me.totpSecret, now) } as const;
    await expect(completeSignInWithCode({ ...wrong, context: TEST_CONTEXT, trustBrowser: true, now })).rejects.toThrow(/INVALID_CODE/);
    expect(await trustedRowsOf(me.user.id)).toEqual([]);
  });
});

describe("a trusted-browser cookie skips only the second factor, and only for its user", () => {
  it("with the right password on the trusted browser the user is signed in without a code, and the event says so", async () => {
    const me = await createTwoFactorUser({ methods: ["totp"] });
    const { trustedBrowserToken } = await signInWithCode(me, { trustBrowser: true, now: midStep() });

    const result = await signInWithPassword(me.email, me.password, TEST_CONTEXT, { trustedBrowserToken });

    expect(result.kind).toBe("signed-in");
    expect(await db.pendingSignIn.count({ where: { userId: me.user.id, consumedAt: null } })).toBe(0);
    expect((await eventTypes(me.user.id)).at(-1)).toBe("sign_in_trusted_browser");
  });

  it("trust never replaces the password: a wrong password on the trusted browser is refused", async () => {
    const me = await createTwoFactorUser({ methods: ["totp"] });
    const { trustedBrowserToken } = await signInWithCode(me, { trustBrowser: true, now: midStep() });

    await expectAuthError(signInWithPassword(me.email, "not-the-password", TEST_CONTEXT, { trustedBrowserToken }), "INVALID_CREDENTIALS");
    expect(await db.session.count({ where: { userId: me.user.id } })).toBe(1);
  });

  it("another user signing in on the same browser still needs their own second factor", async () => {
    const me = await createTwoFactorUser({ methods: ["totp"] });
    const colleague = await createTwoFactorUser({ methods: ["totp"] });
    const { trustedBrowserToken } = await signInWithCode(me, { trustBrowser: true, now: midStep() });

    const result = await signInWithPassword(colleague.email, colleague.password, TEST_CONTEXT, { trustedBrowserToken });

    expect(result.kind, "my trusted browser must not let a colleague skip their code").toBe("second-factor-required");
    expect(await db.session.count({ where: { userId: colleague.user.id } })).toBe(0);
  });

  it("a made-up token, or none, asks for the second factor", async () => {
    const me = await createTwoFactorUser({ methods: ["totp"] });
    await signInWithCode(me, { trustBrowser: true, now: midStep() });

    for (const trustedBrowserToken of [undefined, "made-up-token"]) {
      expect((await signInWithPassword(me.email, me.password, TEST_CONTEXT, { trustedBrowserToken })).kind).toBe("second-factor-required");
    }
  });

  it("an expired trusted browser (31 days later, fake clock) is ignored; 29 days later it still works", async () => {
    const me = await createTwoFactorUser({ methods: ["totp"] });
    const trustedAt = midStep();
    const { trustedBrowserToken } = await signInWithCode(me, { trustBrowser: true, now: trustedAt });

    const after29Days = await signInWithPassword(me.email, me.password, TEST_CONTEXT, { trustedBrowserToken, now: later(trustedAt, 29 * DAY) });
    const after31Days = await signInWithPassword(me.email, me.password, TEST_CONTEXT, { trustedBrowserToken, now: later(trustedAt, 31 * DAY) });

    expect(after29Days.kind).toBe("signed-in");
    expect(after31Days.kind, "31 days after trusting, the code is asked again").toBe("second-factor-required");
  });

  it("each use records when it was last used", async () => {
    const me = await createTwoFactorUser({ methods: ["totp"] });
    const trustedAt = midStep();
    const { trustedBrowserToken } = await signInWithCode(me, { trustBrowser: true, now: trustedAt });
    const usedAt = later(trustedAt, 3 * DAY);

    await signInWithPassword(me.email, me.password, TEST_CONTEXT, { trustedBrowserToken, now: usedAt });

    const row = await db.trustedBrowser.findUniqueOrThrow({ where: { tokenHash: trustedBrowserTokenHash(trustedBrowserToken!) } });
    expect(row.lastUsedAt).toEqual(usedAt);
    expect(row.createdAt).toEqual(trustedAt);
  });
});

describe("every trusted browser of the user dies on a password change, a method turned off and new recovery codes; the mail says so", () => {
  it("a password change ends them, the old cookie asks for the code again, and the mail says so", async () => {
    const me = await createTwoFactorUser({ methods: ["totp"] });
    const { trustedBrowserToken } = await signInWithCode(me, { trustBrowser: true, now: midStep() });
    const bystander = await createTwoFactorUser({ methods: ["totp"] });
    await createTrustedBrowser(bystander.user.id);
    const current = await createSignedInSession(me.user.id);

    const result = await changePassword({ userId: me.user.id, currentSessionId: current.id, currentPassword: me.password, newPassword: "a-new-password-9", context: TEST_CONTEXT });

    expect(result.trustedBrowsersRemoved).toBe(1);
    expect(await trustedRowsOf(me.user.id)).toEqual([]);
    expect(await trustedRowsOf(bystander.user.id)).toHaveLength(1);
    const again = await signInWithPassword(me.email, "a-new-password-9", TEST_CONTEXT, { trustedBrowserToken });
    expect(again.kind, "the browser trusted before the change must ask for the code").toBe("second-factor-required");
    expect(await eventTypes(me.user.id)).toContain("trusted_browsers_removed");
    expect((await latestOutboxMail(me.email))?.text).toMatch(/browser you trusted will ask for a verification code again/);
  });

  it("turning a method off ends them, and the mail says so", async () => {
    const me = await createTwoFactorUser({ methods: ["totp", "email"] });
    const { trustedBrowserToken } = await signInWithCode(me, { trustBrowser: true, now: midStep() });
    await createTrustedBrowser(me.user.id);
    const current = await createSignedInSession(me.user.id);

    await deactivateMethod({ userId: me.user.id, sessionId: current.id, method: "email", password: me.password, context: TEST_CONTEXT });

    expect(await trustedRowsOf(me.user.id)).toEqual([]);
    expect((await signInWithPassword(me.email, me.password, TEST_CONTEXT, { trustedBrowserToken })).kind).toBe("second-factor-required");
    const mail = await latestOutboxMail(me.email);
    expect(mail?.subject).toBe("Email verification turned off");
    expect(mail?.text).toMatch(/All 2 browsers you trusted will ask for a verification code again/);
  });

  it("generating new recovery codes ends them, and the mail says so", async () => {
    const me = await createTwoFactorUser({ methods: ["totp"] });
    await giveRecoveryCodes(me.user.id);
    const { trustedBrowserToken } = await signInWithCode(me, { trustBrowser: true, now: midStep() });
    const current = await createSignedInSession(me.user.id);

    await generateRecoveryCodes({ userId: me.user.id, sessionId: current.id, password: me.password, context: TEST_CONTEXT });

    expect(await trustedRowsOf(me.user.id)).toEqual([]);
    expect((await signInWithPassword(me.email, me.password, TEST_CONTEXT, { trustedBrowserToken })).kind).toBe("second-factor-required");
    const mail = await latestOutboxMail(me.email);
    expect(mail?.subject).toBe("New recovery codes were generated");
    expect(mail?.text).toMatch(/browser you trusted will ask for a verification code again/);
  });

  it("a change with no trusted browser says nothing about them", async () => {
    const me = await createTwoFactorUser({ methods: ["totp"] });
    const current = await createSignedInSession(me.user.id);
    await changePassword({ userId: me.user.id, currentSessionId: current.id, currentPassword: me.password, newPassword: "a-new-password-8", context: TEST_CONTEXT });
    expect((await latestOutboxMail(me.email))?.text).not.toMatch(/trusted/);
    expect(await eventTypes(me.user.id)).not.toContain("trusted_browsers_removed");
  });
});

describe("Remove and Remove all act on the user's own trusted browsers only", () => {
  it("Remove ends one of mine, with its event; the next sign-in there asks for the code", async () => {
    const me = await createTwoFactorUser({ methods: ["totp"] });
    const { trustedBrowserToken } = await signInWithCode(me, { trustBrowser: true, now: midStep() });
    const other = await createTrustedBrowser(me.user.id);
    const [removed] = await db.trustedBrowser.findMany({ where: { tokenHash: trustedBrowserTokenHash(trustedBrowserToken!) } });

    await removeTrustedBrowser({ userId: me.user.id, trustedBrowserId: removed!.id, context: TEST_CONTEXT });

    expect(await trustedRowsOf(me.user.id)).toEqual([{ id: other.id }]);
    expect((await signInWithPassword(me.email, me.password, TEST_CONTEXT, { trustedBrowserToken })).kind).toBe("second-factor-required");
    expect((await eventTypes(me.user.id)).at(-1)).toBe("trusted_browser_removed");
  });

  it("a user cannot remove another user's trusted browser by id", async () => {
    const me = await createTwoFactorUser({ methods: ["totp"] });
    const victim = await createTwoFactorUser({ methods: ["totp"] });
    const theirs = await createTrustedBrowser(victim.user.id);

    await expectAuthError(removeTrustedBrowser({ userId: me.user.id, trustedBrowserId: theirs.id, context: TEST_CONTEXT }), "TRUSTED_BROWSER_GONE");

    expect(await trustedRowsOf(victim.user.id)).toEqual([{ id: theirs.id }]);
    expect((await signInWithPassword(victim.email, victim.password, TEST_CONTEXT, { trustedBrowserToken: theirs.token })).kind).toBe("signed-in");
    expect(await eventTypes(me.user.id)).toEqual([]);
  });

  it("Remove all ends every one of mine and none of anyone else's", async () => {
    const me = await createTwoFactorUser({ methods: ["totp"] });
    const bystander = await createTwoFactorUser({ methods: ["totp"] });
    await createTrustedBrowser(me.user.id);
    await createTrustedBrowser(me.user.id);
    const theirs = await createTrustedBrowser(bystander.user.id);

    expect(await removeAllTrustedBrowsers({ userId: me.user.id, context: TEST_CONTEXT })).toBe(2);

    expect(await trustedRowsOf(me.user.id)).toEqual([]);
    expect(await trustedRowsOf(bystander.user.id)).toEqual([{ id: theirs.id }]);
    expect((await eventTypes(me.user.id)).filter((type) => type === "trusted_browsers_removed")).toHaveLength(1);
  });
});
