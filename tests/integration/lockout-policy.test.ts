import { describe, expect, it } from "vitest";
import { CEILING_ATTEMPTS, CLIENT_PASSWORD_CHECKS_PER_MINUTE, FREE_ATTEMPTS, secondFactorCounter, signInCounter } from "@/lib/auth/attempt-limiter";
import { messageForError } from "@/lib/error-messages";
import { completeSignInWithCode } from "@/lib/auth/complete-sign-in-with-code";
import { changePassword } from "@/lib/auth/change-password";
import { confirmPassword } from "@/lib/auth/confirm-password";
import { hashPassword } from "@/lib/auth/password";
import { resetTwoFactor } from "@/lib/users/reset-two-factor";
import { PENDING_SIGN_IN_GRACE_MS, PENDING_SIGN_IN_LIFETIME_MS, PENDING_SIGN_IN_TRIES } from "@/lib/auth/pending-sign-in";
import { signInWithPassword } from "@/lib/auth/sign-in-with-password";
import { db } from "@/lib/db";
import type { RequestContext } from "@/lib/request-context";
import {
  createSignedInSession,
  createTwoFactorUser,
  expectAuthError,
  expectTwoFactorError,
  later,
  midStep,
  SECOND,
  TEST_CONTEXT,
  totpCodeAt,
  wrongTotpCode,
} from "@/tests/support/two-factor-fixtures";
import { createTestUser } from "@/tests/support/create-test-user";

/** A stranger somewhere else on the internet. */
function strangerAt(ipAddress: string): RequestContext {
  return { ipAddress, userAgent: "curl" };
}

async function wrongPasswords(email: string, count: number, context: RequestContext = TEST_CONTEXT) {
  for (let i = 0; i < count; i++) {
    await signInWithPassword(email, "not-the-password", context).catch(() => undefined);
  }
}

async function pendingSignIn(email: string, password: string, context = TEST_CONTEXT): Promise<string> {
  const result = await signInWithPassword(email, password, context);
  if (result.kind !== "second-factor-required") throw new Error("expected a pending sign-in");
  return result.pendingSignInToken;
}

describe("a stranger's failed attempts never lock the real user out", () => {
  it("wrong passwords from another client hold back that client only, not the user's own", async () => {
    const { email, password } = await createTestUser();
    await wrongPasswords(email, 20, strangerAt("198.51.100.66"));

    await expectAuthError(signInWithPassword(email, password!, strangerAt("198.51.100.66")), "THROTTLED");
    expect((await signInWithPassword(email, password!, TEST_CONTEXT)).kind).toBe("signed-in");
  });

  it(`beyond the ceiling of ${CEILING_ATTEMPTS} failures an hour, clients the user never signed in with wait; a browser they did sign in with gets in`, async () => {
    const { user, email, password } = await createTestUser();
    // A distributed guess: every client stays under its own limit.
    for (let i = 0; i < CEILING_ATTEMPTS; i++) {
      await signInWithPassword(email, "not-the-password", strangerAt(`203.0.113.${i}`)).catch(() => undefined);
    }

    const newClient = strangerAt("192.0.2.1");
    const refused = await expectAuthError(signInWithPassword(email, password!, newClient), "THROTTLED");
    expect(refused.retryAt!.getTime() - Date.now()).toBeGreaterThan(14 * 60 * SECOND);
    const knownBrowser = { ...newClient, knownDevice: { userId: user.id, deviceId: "laptop", issuedAt: new Date() } };
    expect((await signInWithPassword(email, password!, knownBrowser)).kind).toBe("signed-in");
    // A browser known for someone else is a stranger here.
    const someoneElses = { ...newClient, knownDevice: { userId: crypto.randomUUID(), deviceId: "laptop", issuedAt: new Date() } };
    await expectAuthError(signInWithPassword(email, password!, someoneElses), "THROTTLED");
  }, 90_000); // a hundred argon2 checks, on a machine that may be busy

  it("a password change (a reset too: the same endAccessOnNewPassword) ends the known-browser counters: 20 wrong passwords from each of four old cookies all count against the stranger ceiling", async () => {
    const { user, email, password } = await createTestUser();
    const session = await createSignedInSession(user.id);
    // The user has had this password for an hour; the four browsers signed in with it a minute ago.
    await db.user.update({ where: { id: user.id }, data: { knownDevicesFrom: later(new Date(), -3600 * SECOND) } });
    const signedInBefore = later(new Date(), -60 * SECOND);
    const browsers = ["laptop", "phone", "tablet", "office"].map((deviceId, i) => ({
      ...strangerAt(`198.51.100.${10 + i}`),
      knownDevice: { userId: user.id, deviceId, issuedAt: signedInBefore },
    }));
    // Until the change each is known: a wrong password counts on the browser's own counter.
    await wrongPasswords(email, 1, browsers[0]!);
    expect(await db.attemptCounter.count({ where: { key: { endsWith: ":device:laptop" } } })).toBe(1);
    await db.attemptCounter.deleteMany({});
    const newPassword = "a-brand-new-password-of-the-user";
    await changePassword({ userId: user.id, currentSessionId: session.id, currentPassword: password!, newPassword, context: TEST_CONTEXT });

    for (const browser of browsers) await wrongPasswords(email, 20, browser);
    const counters = await db.attemptCounter.findMany({ where: { key: { contains: ":device:" } } });
    expect(counters.filter((counter) => browsers.some((browser) => counter.key.endsWith(`:device:${browser.knownDevice.deviceId}`)))).toEqual([]);
    // Each old browser was a stranger: its own address's counter holds it back, and the ceiling counted every try.
    for (const browser of browsers) await expectAuthError(signInWithPassword(email, newPassword, browser), "THROTTLED");
    const ceiling = await db.attemptCounter.findFirst({ where: { key: { startsWith: "ceiling:" } }, orderBy: { attempts: "desc" } });
    expect(ceiling?.attempts).toBeGreaterThanOrEqual(4 * FREE_ATTEMPTS);

    // A browser that signs in after the change is known again.
    const afterTheChange = { ...strangerAt("198.51.100.99"), knownDevice: { userId: user.id, deviceId: "new-laptop", issuedAt: new Date() } };
    expect((await signInWithPassword(email, newPassword, afterTheChange)).kind).toBe("signed-in");
  }, 90_000);

  it("an owner's reset of two-factor authentication makes the user's remembered browsers strangers too", async () => {
    const before = new Date();
    const { user, email, password } = await createTwoFactorUser({ methods: ["totp"] });
    await db.user.update({ where: { id: user.id }, data: { knownDevicesFrom: later(before, -3600 * SECOND) } });
    const oldCookie = { ...strangerAt("198.51.100.77"), knownDevice: { userId: user.id, deviceId: "kept", issuedAt: later(before, -60 * SECOND) } };
    const owner = await db.user.create({
      data: { accountId: user.accountId, email: `owner-${user.id}@example.test`, name: "Owner", role: "owner", passwordHash: await hashPassword("owner-password-123") },
    });
    const ownerSession = await createSignedInSession(owner.id);
    await resetTwoFactor({
      owner: { id: owner.id, name: owner.name, accountId: owner.accountId, sessionId: ownerSession.id },
      targetUserId: user.id,
      confirmation: email,
      password: "owner-password-123",
      context: TEST_CONTEXT,
    });
    await wrongPasswords(email, 1, oldCookie);
    expect(await db.attemptCounter.count({ where: { key: { endsWith: ":device:kept" } } })).toBe(0);
    expect((await signInWithPassword(email, password!, oldCookie)).kind).toBe("signed-in");
  });

  it("a signed-in session's password confirmations are counted on their own, both ways", async () => {
    const { user, email, password } = await createTestUser();
    const session = await createSignedInSession(user.id);
    // Even from the user's own address: sign-in is held back, the session's confirmation is not.
    await wrongPasswords(email, 20);
    await expectAuthError(signInWithPassword(email, password!, TEST_CONTEXT), "THROTTLED");
    await confirmPassword({ userId: user.id, sessionId: session.id, password: password!, context: TEST_CONTEXT });

    const other = await createTestUser();
    const otherSession = await createSignedInSession(other.user.id);
    for (let i = 0; i < 20; i++) {
      await confirmPassword({ userId: other.user.id, sessionId: otherSession.id, password: "wrong", context: TEST_CONTEXT }).catch(
        () => undefined,
      );
    }
    await expectAuthError(
      confirmPassword({ userId: other.user.id, sessionId: otherSession.id, password: other.password!, context: TEST_CONTEXT }),
      "THROTTLED",
    );
    expect((await signInWithPassword(other.email, other.password!, TEST_CONTEXT)).kind).toBe("signed-in");
  });
});

describe("the second factor stays as hard to guess as before, without making a pending sign-in useless", () => {
  it("wrong codes count per user across pending sign-ins: the sixth waits 30 s", async () => {
    const now = midStep();
    const { user, password, totpSecret } = await createTwoFactorUser({ methods: ["totp"] });
    const first = await pendingSignIn(user.email, password);
    for (let i = 0; i < FREE_ATTEMPTS - 1; i++) {
      const code = wrongTotpCode(totpSecret, now);
      await expectTwoFactorError(completeSignInWithCode({ pendingSignInToken: first, method: "totp", code, context: TEST_CONTEXT, now }), "INVALID_CODE");
    }
    const second = await pendingSignIn(user.email, password);
    const code = wrongTotpCode(totpSecret, now);
    await expectTwoFactorError(completeSignInWithCode({ pendingSignInToken: second, method: "totp", code, context: TEST_CONTEXT, now }), "INVALID_CODE");

    const held = await expectAuthError(
      completeSignInWithCode({ pendingSignInToken: second, method: "totp", code: totpCodeAt(totpSecret, now), context: TEST_CONTEXT, now }),
      "THROTTLED",
    );
    expect(held.retryAt).toEqual(later(now, 30 * SECOND));
    expect(await db.session.count({ where: { userId: user.id } })).toBe(0);
  });

  it("a wait that would outlive the pending sign-in keeps it alive until after the wait", async () => {
    const start = midStep();
    const { user, password, totpSecret } = await createTwoFactorUser({ methods: ["totp"] });
    const token = await pendingSignIn(user.email, password);
    // Earlier wrong codes: the next one imposes the longest wait, 15 minutes.
    await db.attemptCounter.create({ data: { key: secondFactorCounter(user.id).key, attempts: 9, updatedAt: start } });
    const late = later(start, 9 * 60 * SECOND);
    await expectTwoFactorError(
      completeSignInWithCode({ pendingSignInToken: token, method: "totp", code: wrongTotpCode(totpSecret, late), context: TEST_CONTEXT, now: late }),
      "INVALID_CODE",
    );
    const held = await expectAuthError(
      completeSignInWithCode({ pendingSignInToken: token, method: "totp", code: totpCodeAt(totpSecret, late), context: TEST_CONTEXT, now: late }),
      "THROTTLED",
    );
    expect(held.retryAt).toEqual(later(late, 15 * 60 * SECOND));
    const pending = await db.pendingSignIn.findFirstOrThrow({ where: { userId: user.id } });
    expect(pending.expiresAt.getTime()).toBeGreaterThanOrEqual(held.retryAt!.getTime() + PENDING_SIGN_IN_GRACE_MS);
    expect(pending.expiresAt.getTime()).toBeGreaterThan(start.getTime() + PENDING_SIGN_IN_LIFETIME_MS);

    const afterWait = later(held.retryAt!, SECOND);
    const signedIn = await completeSignInWithCode({
      pendingSignInToken: token,
      method: "totp",
      code: totpCodeAt(totpSecret, afterWait),
      context: TEST_CONTEXT,
      now: afterWait,
    });
    expect(signedIn.userId).toBe(user.id);
  });

  it(`20 parallel wrong codes on one pending sign-in: at most ${PENDING_SIGN_IN_TRIES} are checked`, async () => {
    const now = midStep();
    const { user, password, totpSecret } = await createTwoFactorUser({ methods: ["totp"] });
    const token = await pendingSignIn(user.email, password);
    const code = wrongTotpCode(totpSecret, now);

    const results = await Promise.allSettled(
      Array.from({ length: 20 }, () => completeSignInWithCode({ pendingSignInToken: token, method: "totp", code, context: TEST_CONTEXT, now })),
    );
    const codes = results.map((result) => (result.status === "rejected" ? (result.reason as { code: string }).code : "ok"));
    expect(codes.filter((outcome) => outcome === "INVALID_CODE").length).toBeLessThanOrEqual(PENDING_SIGN_IN_TRIES - 1);
    expect(codes.every((outcome) => ["INVALID_CODE", "SIGN_IN_EXPIRED", "THROTTLED"].includes(outcome))).toBe(true);
    const pending = await db.pendingSignIn.findFirstOrThrow({ where: { userId: user.id } });
    expect(pending.failedAttempts).toBeLessThanOrEqual(PENDING_SIGN_IN_TRIES);
    const failures = await db.securityEvent.aggregate({ where: { userId: user.id, type: "code_failed" }, _sum: { count: true } });
    expect(failures._sum.count).toBeLessThanOrEqual(PENDING_SIGN_IN_TRIES);
  });
});

describe("failed attempts are in the audit trail, folded so that a flood cannot flood the table", () => {
  it("wrong passwords and a held-back attempt: one row per kind and minute, with a count", async () => {
    const { user, email } = await createTestUser();
    await wrongPasswords(email, FREE_ATTEMPTS + 3);

    const rows = await db.securityEvent.findMany({ where: { userId: user.id }, orderBy: { type: "asc" } });
    const byType = Object.fromEntries(rows.map((row) => [row.type, row.count]));
    expect(rows.length).toBeLessThanOrEqual(4); // the run may straddle a minute boundary
    expect(Object.keys(byType).sort()).toEqual(["attempts_blocked", "sign_in_failed"]);
    const total = (type: string) => rows.filter((row) => row.type === type).reduce((sum, row) => sum + row.count, 0);
    expect(total("sign_in_failed")).toBe(FREE_ATTEMPTS);
    expect(total("attempts_blocked")).toBe(3);
    expect(JSON.stringify(rows)).not.toContain("not-the-password");
  });
});

describe("one client cannot take the app's cores: its password checks across all addresses have a ceiling", () => {
  it(`past ${CLIENT_PASSWORD_CHECKS_PER_MINUTE} wrong passwords a minute on any addresses, the client is answered without a check; other clients are not`, async () => {
    const flooder = strangerAt("198.51.100.200");
    const { email, password } = await createTestUser();
    // A flood over many addresses: no per-address counter comes near its own limit.
    for (let i = 0; i < CLIENT_PASSWORD_CHECKS_PER_MINUTE; i++) {
      await expectAuthError(signInWithPassword(`nobody-${i}@example.test`, "guess", flooder), "INVALID_CREDENTIALS");
    }
    const refused = await expectAuthError(signInWithPassword(email, password!, flooder), "CLIENT_THROTTLED");
    expect(messageForError(refused)).toMatch(/^Too many attempts from your network\. Try again in \d+ s\.$/);
    // Nothing was reserved for the address either: the refusal came before the password step's own counter.
    const strangerCounter = signInCounter(email, undefined, flooder).key;
    expect(await db.attemptCounter.findUnique({ where: { key: strangerCounter } })).toBeNull();
    // Another client signs in as usual, and so does the flooder a minute later.
    expect((await signInWithPassword(email, password!, strangerAt("192.0.2.77"))).kind).toBe("signed-in");
    const nextMinute = later(new Date(), 61 * SECOND);
    expect((await signInWithPassword(email, password!, flooder, { now: nextMinute })).kind).toBe("signed-in");
  });

  it("a right password gives its check back: an office behind one address signs many people in", async () => {
    const office = strangerAt("203.0.113.250");
    const people = await Promise.all(Array.from({ length: 3 }, () => createTestUser()));
    for (let round = 0; round < CLIENT_PASSWORD_CHECKS_PER_MINUTE; round++) {
      for (const person of people) expect((await signInWithPassword(person.email, person.password!, office)).kind).toBe("signed-in");
    }
  });
});
