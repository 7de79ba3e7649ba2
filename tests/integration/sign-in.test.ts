import { beforeEach, describe, expect, it } from "vitest";
import { FREE_ATTEMPTS, signInCounter } from "@/lib/auth/attempt-limiter";
import { AuthError } from "@/lib/auth/auth-error";
import { completeSignInWithCode } from "@/lib/auth/complete-sign-in-with-code";
import { PENDING_SIGN_IN_LIFETIME_MS, PENDING_SIGN_IN_TRIES } from "@/lib/auth/pending-sign-in";
import { findActiveSession } from "@/lib/auth/sessions";
import { signInWithPassword } from "@/lib/auth/sign-in-with-password";
import { db } from "@/lib/db";
import { deactivateMethod } from "@/lib/two-factor/deactivate-method";
import { sendSignInEmailCode } from "@/lib/two-factor/send-sign-in-email-code";
import { createTestUser } from "@/tests/support/create-test-user";
import {
  createSignedInSession,
  createTwoFactorUser,
  expectAuthError,
  expectTwoFactorError,
  latestOutboxCode,
  later,
  midStep,
  pendingSignInFor,
  SECOND,
  sessionCount,
  TEST_CONTEXT,
  totpCodeAt,
  wrongTotpCode,
} from "@/tests/support/two-factor-fixtures";

// These tests sign in from one client address, many times a minute across the file: each starts a fresh
// minute of that client's password checks, whose own ceiling is tested in lockout-policy.test.ts.
beforeEach(async () => {
  await db.attemptCounter.deleteMany({ where: { key: { startsWith: "password-checks:" } } });
});

/** The outcome of a sign-in attempt as the browser would learn it: kind of result or error code. */
async function outcome(promise: Promise<unknown>): Promise<string> {
  try {
    const result = (await promise) as { kind: string };
    return result.kind;
  } catch (error) {
    if (error instanceof AuthError) return error.code;
    throw error;
  }
}

async function failedSignIns(email: string, count: number): Promise<string[]> {
  const outcomes: string[] = [];
  for (let i = 0; i < count; i++) outcomes.push(await outcome(signInWithPassword(email, "not-the-password", TEST_CONTEXT)));
  return outcomes;
}

/** Simulates the wait being over, instead of sleeping through it. */
async function endWait(email: string, userId: string): Promise<void> {
  const { key } = signInCounter(email, userId, TEST_CONTEXT);
  await db.attemptCounter.update({ where: { key }, data: { blockedUntil: new Date(Date.now() - SECOND) } });
}

function secondsUntil(date: Date | undefined): number {
  return ((date?.getTime() ?? 0) - Date.now()) / SECOND;
}

describe("sign-in errors never reveal whether an email has an account", () => {
  it("unknown email, wrong password and an address that is only invited fail with the same error", async () => {
    const withPassword = await createTestUser();
    const invitedOnly = `invited-${Date.now()}@example.test`;
    await db.invitation.create({
      data: { accountId: withPassword.account.id, email: invitedOnly, name: "Invited", tokenHash: `test:${invitedOnly}`, expiresAt: new Date(Date.now() + 60_000) },
    });

    const errors = [
      await expectAuthError(signInWithPassword("nobody-here@example.test", "some-password", TEST_CONTEXT), "INVALID_CREDENTIALS"),
      await expectAuthError(signInWithPassword(withPassword.email, "wrong-password", TEST_CONTEXT), "INVALID_CREDENTIALS"),
      await expectAuthError(signInWithPassword(invitedOnly, "some-password", TEST_CONTEXT), "INVALID_CREDENTIALS"),
    ];
    for (const error of errors) {
      expect({ message: error.message, retryAt: error.retryAt }).toEqual({ message: "INVALID_CREDENTIALS", retryAt: undefined });
    }
  });

  it("an unknown email is throttled exactly like a known one", async () => {
    const known = await createTestUser();
    const unknownEmail = `nobody-${Date.now()}@example.test`;

    // Interleaved, so that both waits start at about the same moment even on a busy machine.
    const knownOutcomes: string[] = [];
    const unknownOutcomes: string[] = [];
    for (let i = 0; i < FREE_ATTEMPTS + 2; i++) {
      knownOutcomes.push(...(await failedSignIns(known.email, 1)));
      unknownOutcomes.push(...(await failedSignIns(unknownEmail, 1)));
    }

    const expected = [...Array<string>(FREE_ATTEMPTS).fill("INVALID_CREDENTIALS"), "THROTTLED", "THROTTLED"];
    expect(knownOutcomes).toEqual(expected);
    expect(unknownOutcomes).toEqual(expected);
    const knownWait = await expectAuthError(signInWithPassword(known.email, "x", TEST_CONTEXT), "THROTTLED");
    const unknownWait = await expectAuthError(signInWithPassword(unknownEmail, "x", TEST_CONTEXT), "THROTTLED");
    expect(Math.abs(secondsUntil(knownWait.retryAt) - secondsUntil(unknownWait.retryAt))).toBeLessThan(5);
  });
});

describe("failed passwords are counted per user and client in the database, with growing backoff", () => {
  it("5 failures make the user wait about 30 s, even with the right password; the next failure after the wait, about 60 s", async () => {
    const { user, email, password } = await createTestUser();
    await failedSignIns(email, FREE_ATTEMPTS);

    const first = await expectAuthError(signInWithPassword(email, password!, TEST_CONTEXT), "THROTTLED");
    expect(secondsUntil(first.retryAt)).toBeGreaterThan(25);
    expect(secondsUntil(first.retryAt)).toBeLessThanOrEqual(30);
    expect(await sessionCount(user.id)).toBe(0);

    await endWait(email, user.id);
    expect(await failedSignIns(email, 1)).toEqual(["INVALID_CREDENTIALS"]);
    const second = await expectAuthError(signInWithPassword(email, password!, TEST_CONTEXT), "THROTTLED");
    expect(secondsUntil(second.retryAt)).toBeGreaterThan(55);
    expect(secondsUntil(second.retryAt)).toBeLessThanOrEqual(60);

    await endWait(email, user.id);
    expect(await outcome(signInWithPassword(email, password!, TEST_CONTEXT))).toBe("signed-in");
  });
});

describe("parallel guesses cannot slip past the limit: each takes its attempt before its password is checked", () => {
  it(`20 parallel wrong passwords from one client: ${FREE_ATTEMPTS} are checked, the rest wait, and so does the right one`, async () => {
    const { email, password } = await createTestUser();
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, () => outcome(signInWithPassword(email, "not-the-password", TEST_CONTEXT))),
    );
    expect(outcomes.filter((kind) => kind === "INVALID_CREDENTIALS")).toHaveLength(FREE_ATTEMPTS);
    expect(outcomes.filter((kind) => kind === "THROTTLED")).toHaveLength(20 - FREE_ATTEMPTS);
    expect(await outcome(signInWithPassword(email, password!, TEST_CONTEXT))).toBe("THROTTLED");
  });

  it("an address without a user is held back the same way", async () => {
    const outcomes = await Promise.all(
      Array.from({ length: 12 }, () => outcome(signInWithPassword("nobody-in-parallel@example.test", "guess", TEST_CONTEXT))),
    );
    expect(outcomes.filter((kind) => kind === "INVALID_CREDENTIALS")).toHaveLength(FREE_ATTEMPTS);
    expect(outcomes.filter((kind) => kind === "THROTTLED")).toHaveLength(12 - FREE_ATTEMPTS);
  });
});

describe("a correct password without 2FA gives a session; with 2FA the pre-2FA state grants nothing", () => {
  it("a user without 2FA gets a session, whose token is stored only as a keyed hash", async () => {
    const { user, email, password } = await createTestUser();
    const result = await signInWithPassword(email, password!, TEST_CONTEXT);
    if (result.kind !== "signed-in") throw new Error("expected a session");
    expect((await findActiveSession(result.sessionToken))?.userId).toBe(user.id);
    const rows = JSON.stringify(await db.session.findMany({ where: { userId: user.id } }));
    expect(rows).not.toContain(result.sessionToken);
    expect(await findActiveSession(`${result.sessionToken}x`)).toBeNull();
  });

  it("a user with 2FA gets no session row at all, only a pending sign-in that is no session ticket", async () => {
    const { user, email, password } = await createTwoFactorUser({ methods: ["totp"] });
    const result = await signInWithPassword(email, password, TEST_CONTEXT);

    expect(result.kind).toBe("second-factor-required");
    expect(result).not.toHaveProperty("sessionToken");
    expect(await sessionCount(user.id)).toBe(0);
    expect(await db.pendingSignIn.count({ where: { userId: user.id, consumedAt: null } })).toBe(1);
    const token = result.kind === "second-factor-required" ? result.pendingSignInToken : "";
    expect(await findActiveSession(token)).toBeNull();
    expect(await db.securityEvent.count({ where: { userId: user.id } })).toBe(0);
  });
});

describe("the second factor completes the sign-in: bound to the user, once, in time", () => {
  it("user A's code against user B's pending sign-in is refused", async () => {
    const now = midStep();
    const a = await createTwoFactorUser({ methods: ["totp"] });
    const b = await createTwoFactorUser({ methods: ["totp"] });
    const pendingOfB = await pendingSignInFor(b, b.password);

    await expectTwoFactorError(
      completeSignInWithCode({ pendingSignInToken: pendingOfB, method: "totp", code: totpCodeAt(a.totpSecret, now), context: TEST_CONTEXT, now }),
      "INVALID_CODE",
    );
    expect(await sessionCount(a.user.id)).toBe(0);
    expect(await sessionCount(b.user.id)).toBe(0);
  });

  it("user A's emailed sign-in code against user B's pending sign-in is refused", async () => {
    const a = await createTwoFactorUser({ methods: ["email"] });
    const b = await createTwoFactorUser({ methods: ["email"] });
    const pendingOfB = await pendingSignInFor(b, b.password);
    await sendSignInEmailCode({ userId: a.user.id });
    await sendSignInEmailCode({ userId: b.user.id });
    const codeOfA = await latestOutboxCode(a.email);
    const codeOfB = await latestOutboxCode(b.email);
    expect(codeOfA).not.toBe(codeOfB);

    await expectTwoFactorError(completeSignInWithCode({ pendingSignInToken: pendingOfB, method: "email", code: codeOfA, context: TEST_CONTEXT }), "INVALID_CODE");
    expect(await sessionCount(b.user.id)).toBe(0);
  });

  it("an emailed sign-in code stops working once the email method is deactivated", async () => {
    const { user, password } = await createTwoFactorUser({ methods: ["totp", "email"], primary: "email" });
    const token = await pendingSignInFor(user, password);
    await sendSignInEmailCode({ userId: user.id });
    const code = await latestOutboxCode(user.email);
    // Say the mailbox was compromised: the user turns email off from a signed-in browser.
    const { id: sessionId } = await createSignedInSession(user.id);
    await deactivateMethod({ userId: user.id, sessionId, method: "email", password, context: TEST_CONTEXT });

    // Turning the method off ended the code it had mailed.
    await expectTwoFactorError(completeSignInWithCode({ pendingSignInToken: token, method: "email", code, context: TEST_CONTEXT }), "NO_LIVE_CODE");
    expect(await sessionCount(user.id)).toBe(1); // only the browser that turned email off
  });

  it("20 parallel submissions of one valid authenticator code give exactly one session", async () => {
    const now = midStep();
    const { user, password, totpSecret } = await createTwoFactorUser({ methods: ["totp"] });
    const token = await pendingSignInFor(user, password);
    const code = totpCodeAt(totpSecret, now);

    const results = await Promise.allSettled(
      Array.from({ length: 20 }, () => completeSignInWithCode({ pendingSignInToken: token, method: "totp", code, context: TEST_CONTEXT, now })),
    );
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
    expect(await sessionCount(user.id)).toBe(1);
  });

  it("one authenticator code cannot complete two pending sign-ins of the same user (replay)", async () => {
    const now = midStep();
    const { user, password, totpSecret } = await createTwoFactorUser({ methods: ["totp"] });
    const first = await pendingSignInFor(user, password);
    const second = await pendingSignInFor(user, password);
    const code = totpCodeAt(totpSecret, now);

    const results = await Promise.allSettled([
      completeSignInWithCode({ pendingSignInToken: first, method: "totp", code, context: TEST_CONTEXT, now }),
      completeSignInWithCode({ pendingSignInToken: second, method: "totp", code, context: TEST_CONTEXT, now }),
    ]);
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
    expect(await sessionCount(user.id)).toBe(1);
  });

  it("20 parallel submissions of one emailed sign-in code give exactly one session", async () => {
    const { user, password } = await createTwoFactorUser({ methods: ["email"] });
    const token = await pendingSignInFor(user, password);
    await sendSignInEmailCode({ userId: user.id });
    const code = await latestOutboxCode(user.email);

    const results = await Promise.allSettled(
      Array.from({ length: 20 }, () => completeSignInWithCode({ pendingSignInToken: token, method: "email", code, context: TEST_CONTEXT })),
    );
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
    expect(await sessionCount(user.id)).toBe(1);
  });

  it("an expired pending sign-in is refused with SIGN_IN_EXPIRED, even with a valid code", async () => {
    const { user, password, totpSecret } = await createTwoFactorUser({ methods: ["totp"] });
    const token = await pendingSignInFor(user, password);
    const pending = await db.pendingSignIn.findFirstOrThrow({ where: { userId: user.id } });
    const expired = later(pending.expiresAt, 0);
    expect(pending.expiresAt.getTime() - pending.createdAt.getTime()).toBeLessThanOrEqual(PENDING_SIGN_IN_LIFETIME_MS + SECOND);

    await expectTwoFactorError(
      completeSignInWithCode({ pendingSignInToken: token, method: "totp", code: totpCodeAt(totpSecret, expired), context: TEST_CONTEXT, now: expired }),
      "SIGN_IN_EXPIRED",
    );
    expect(await sessionCount(user.id)).toBe(0);

    const justBefore = later(pending.expiresAt, -SECOND);
    await completeSignInWithCode({ pendingSignInToken: token, method: "totp", code: totpCodeAt(totpSecret, justBefore), context: TEST_CONTEXT, now: justBefore });
    expect(await sessionCount(user.id)).toBe(1);
  });

  it("a pending sign-in 10 minutes old is refused", async () => {
    const { user, password, totpSecret } = await createTwoFactorUser({ methods: ["totp"] });
    const token = await pendingSignInFor(user, password);
    const tenMinutesLater = later(new Date(), PENDING_SIGN_IN_LIFETIME_MS);
    await expectTwoFactorError(
      completeSignInWithCode({ pendingSignInToken: token, method: "totp", code: totpCodeAt(totpSecret, tenMinutesLater), context: TEST_CONTEXT, now: tenMinutesLater }),
      "SIGN_IN_EXPIRED",
    );
    expect(await sessionCount(user.id)).toBe(0);
  });

  it("5 wrong codes end the pending sign-in: then even the right code fails", async () => {
    const now = midStep();
    const { user, password, totpSecret } = await createTwoFactorUser({ methods: ["totp"] });
    const token = await pendingSignInFor(user, password);
    const wrong = wrongTotpCode(totpSecret, now);

    for (let i = 1; i < PENDING_SIGN_IN_TRIES; i++) {
      await expectTwoFactorError(completeSignInWithCode({ pendingSignInToken: token, method: "totp", code: wrong, context: TEST_CONTEXT, now }), "INVALID_CODE");
    }
    await expectTwoFactorError(completeSignInWithCode({ pendingSignInToken: token, method: "totp", code: wrong, context: TEST_CONTEXT, now }), "SIGN_IN_EXPIRED");

    // Past the attempt limiter's wait, so only the ended pending sign-in can refuse it.
    const afterWait = later(now, 2 * 60 * SECOND);
    await expectTwoFactorError(
      completeSignInWithCode({ pendingSignInToken: token, method: "totp", code: totpCodeAt(totpSecret, afterWait), context: TEST_CONTEXT, now: afterWait }),
      "SIGN_IN_EXPIRED",
    );
    expect(await sessionCount(user.id)).toBe(0);
  });

  it("success creates a new session with a fresh token, records the event, and uses the pending sign-in up", async () => {
    const now = midStep();
    const { user, password, totpSecret } = await createTwoFactorUser({ methods: ["totp"] });
    const token = await pendingSignInFor(user, password);

    const { sessionToken } = await completeSignInWithCode({
      pendingSignInToken: token,
      method: "totp",
      code: totpCodeAt(totpSecret, now),
      context: TEST_CONTEXT,
      now,
    });

    expect(sessionToken).not.toBe(token);
    expect(await findActiveSession(token)).toBeNull();
    const session = await findActiveSession(sessionToken);
    expect(session?.userId).toBe(user.id);
    const sessions = await db.session.findMany({ where: { userId: user.id } });
    expect(sessions.map(({ id }) => id)).toEqual([session!.id]);
    const pending = await db.pendingSignIn.findFirstOrThrow({ where: { userId: user.id } });
    expect(sessions[0]!.tokenHash).not.toBe(pending.tokenHash);
    expect(await db.securityEvent.count({ where: { userId: user.id, type: "sign_in_second_factor" } })).toBe(1);

    const nextStep = later(now, 30 * SECOND);
    await expectTwoFactorError(
      completeSignInWithCode({ pendingSignInToken: token, method: "totp", code: totpCodeAt(totpSecret, nextStep), context: TEST_CONTEXT, now: nextStep }),
      "SIGN_IN_EXPIRED",
    );
    expect(await sessionCount(user.id)).toBe(1);
  });
});
