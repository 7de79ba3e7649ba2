import { beforeEach, describe, expect, it, vi } from "vitest";
import { FREE_ATTEMPTS } from "@/lib/auth/attempt-limiter";
import { AuthError } from "@/lib/auth/auth-error";
import { completeSignInWithCode } from "@/lib/auth/complete-sign-in-with-code";
import { signInWithPassword } from "@/lib/auth/sign-in-with-password";
import { db } from "@/lib/db";
import type { TwoFactorMethodType } from "@/lib/generated/prisma/client";
import { deactivateMethod } from "@/lib/two-factor/deactivate-method";
import { sendSignInEmailCode } from "@/lib/two-factor/send-sign-in-email-code";
import { setPrimaryMethod } from "@/lib/two-factor/set-primary-method";
import { TwoFactorError } from "@/lib/two-factor/two-factor-error";
import {
  createSignedInTwoFactorUser,
  expectAuthError,
  expectTwoFactorError,
  latestOutboxCode,
  latestOutboxMail,
  later,
  methodsOf,
  TEST_CONTEXT,
} from "@/tests/support/two-factor-fixtures";

beforeEach(() => {
  // The dev outbox announces every mail; the mails themselves are checked in the database.
  vi.spyOn(console, "info").mockImplementation(() => {});
});

/** The changes in the user's audit trail (failed attempts are recorded too, and asserted elsewhere). */
async function eventsOf(userId: string) {
  const events = await db.securityEvent.findMany({ where: { userId, bucket: null }, orderBy: { createdAt: "asc" } });
  return events.map(({ type, method }) => ({ type, method }));
}

async function mailCount(to: string): Promise<number> {
  return db.devOutboxMail.count({ where: { to } });
}

/** Everything a refused change must leave as it was. */
async function stateOf(userId: string, email: string) {
  return { methods: await methodsOf(userId), events: await eventsOf(userId), mails: await mailCount(email) };
}

type Change = (user: { userId: string; sessionId: string }, password: string) => Promise<unknown>;

const changesNeedingPassword: [string, Change][] = [
  ["deactivating the authentication app", (signedIn, password) => deactivateMethod({ ...signedIn, method: "totp", password, context: TEST_CONTEXT })],
  ["deactivating email", (signedIn, password) => deactivateMethod({ ...signedIn, method: "email", password, context: TEST_CONTEXT })],
];

describe("deactivation needs the password", () => {
  it.each(changesNeedingPassword)("%s without the password or with the wrong one is refused and changes nothing", async (_name, change) => {
    const { user, email, sessionId } = await createSignedInTwoFactorUser({ methods: ["totp", "email"], primary: "totp" });
    const before = await stateOf(user.id, email);

    await expectAuthError(change({ userId: user.id, sessionId }, ""), "WRONG_PASSWORD");
    await expectAuthError(change({ userId: user.id, sessionId }, "not-the-password"), "WRONG_PASSWORD");

    expect(await stateOf(user.id, email)).toEqual(before);
  });

  it.each(changesNeedingPassword)("%s with wrong passwords counts failed attempts: then even the right one must wait", async (_name, change) => {
    const { user, email, password, sessionId } = await createSignedInTwoFactorUser({ methods: ["totp", "email"], primary: "totp" });
    const before = await stateOf(user.id, email);

    for (let i = 0; i < FREE_ATTEMPTS; i++) await expectAuthError(change({ userId: user.id, sessionId }, "not-the-password"), "WRONG_PASSWORD");
    await expectAuthError(change({ userId: user.id, sessionId }, password), "THROTTLED");
    // Counted for this session only: signing in elsewhere is not held back by it.
    expect((await signInWithPassword(email, password, TEST_CONTEXT)).kind).toBe("second-factor-required");

    expect(await stateOf(user.id, email)).toEqual(before);
  });
});

describe("deactivation is allowed only while both methods are active", () => {
  it.each<TwoFactorMethodType>(["totp", "email"])("the sole method (%s) cannot be deactivated: LAST_METHOD", async (method) => {
    const { user, email, password, sessionId } = await createSignedInTwoFactorUser({ methods: [method] });
    const before = await stateOf(user.id, email);

    await expectTwoFactorError(deactivateMethod({ userId: user.id, sessionId, method, password, context: TEST_CONTEXT }), "LAST_METHOD");

    expect(await stateOf(user.id, email)).toEqual(before);
    expect(before.methods).toEqual({ primary: method, types: [method] });
  });

  it("deactivating a method the user does not have is refused: NOT_ENABLED", async () => {
    const { user, email, password, sessionId } = await createSignedInTwoFactorUser({ methods: ["totp"] });
    const before = await stateOf(user.id, email);
    await expectTwoFactorError(deactivateMethod({ userId: user.id, sessionId, method: "email", password, context: TEST_CONTEXT }), "NOT_ENABLED");
    expect(await stateOf(user.id, email)).toEqual(before);
  });

  it("deactivating the primary makes the other one primary, with a security event and a notification mail", async () => {
    const { user, email, password, sessionId } = await createSignedInTwoFactorUser({ methods: ["totp", "email"], primary: "totp" });

    const result = await deactivateMethod({ userId: user.id, sessionId, method: "totp", password, context: TEST_CONTEXT });

    expect(result).toEqual({ notificationSent: true });
    expect(await methodsOf(user.id)).toEqual({ primary: "email", types: ["email"] });
    expect(await eventsOf(user.id)).toEqual([{ type: "two_factor_disabled", method: "totp" }]);
    const mail = await latestOutboxMail(email);
    expect(mail?.subject).toMatch(/authentication app turned off/i);
    expect(`${mail?.subject} ${mail?.text} ${mail?.html}`).not.toContain(password);
  });

  it("deactivating the other method keeps the primary", async () => {
    const { user, password, sessionId } = await createSignedInTwoFactorUser({ methods: ["totp", "email"], primary: "totp" });
    await deactivateMethod({ userId: user.id, sessionId, method: "email", password, context: TEST_CONTEXT });
    expect(await methodsOf(user.id)).toEqual({ primary: "totp", types: ["totp"] });
    expect(await eventsOf(user.id)).toEqual([{ type: "two_factor_disabled", method: "email" }]);
  });
});

describe("the primary must be an active method", () => {
  it("a primary that is not an active method is refused (NOT_ENABLED) and nothing changes", async () => {
    const { user, email, sessionId } = await createSignedInTwoFactorUser({ methods: ["totp"] });
    const before = await stateOf(user.id, email);

    await expectTwoFactorError(setPrimaryMethod({ userId: user.id, sessionId, method: "email", context: TEST_CONTEXT }), "NOT_ENABLED");

    expect(await stateOf(user.id, email)).toEqual(before);
  });

  it("choosing the other active method makes it primary without a password (the article asks none), with a security event and a notification mail", async () => {
    const { user, email, sessionId } = await createSignedInTwoFactorUser({ methods: ["totp", "email"], primary: "totp" });

    expect(await setPrimaryMethod({ userId: user.id, sessionId, method: "email", context: TEST_CONTEXT })).toEqual({ changed: true, notificationSent: true });

    expect(await methodsOf(user.id)).toEqual({ primary: "email", types: ["email", "totp"] });
    expect(await eventsOf(user.id)).toEqual([{ type: "primary_method_changed", method: "email" }]);
    expect((await latestOutboxMail(email))?.subject).toBe("Primary verification method changed");
  });

  it("saving the method that is already primary changes nothing: no event, no mail, and no mail said to have failed", async () => {
    const { user, email, sessionId } = await createSignedInTwoFactorUser({ methods: ["totp", "email"], primary: "totp" });
    const before = await stateOf(user.id, email);

    expect(await setPrimaryMethod({ userId: user.id, sessionId, method: "totp", context: TEST_CONTEXT })).toEqual({ changed: false });

    expect(await stateOf(user.id, email)).toEqual(before);
  });
});

describe("a user with 2FA never ends up with zero methods through any action", () => {
  const ROUNDS = 5;

  function refusedAsExpected(result: PromiseSettledResult<unknown>): boolean {
    if (result.status === "fulfilled") return true;
    const error: unknown = result.reason;
    return (
      (error instanceof TwoFactorError && ["LAST_METHOD", "NOT_ENABLED"].includes(error.code)) ||
      (error instanceof AuthError && error.code === "THROTTLED")
    );
  }

  it("deactivating both methods in parallel leaves exactly one, and it is primary", async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const { user, password, sessionId } = await createSignedInTwoFactorUser({ methods: ["totp", "email"], primary: "totp" });

      const results = await Promise.allSettled([
        deactivateMethod({ userId: user.id, sessionId, method: "totp", password, context: TEST_CONTEXT }),
        deactivateMethod({ userId: user.id, sessionId, method: "email", password, context: TEST_CONTEXT }),
      ]);

      expect(results.every(refusedAsExpected)).toBe(true);
      expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
      const { primary, types } = await methodsOf(user.id);
      expect(types).toHaveLength(1);
      expect(primary).toBe(types[0]);
    }
  });

  it("deactivating and changing the primary in parallel leaves one method, and the primary is an active one", async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const { user, password, sessionId } = await createSignedInTwoFactorUser({ methods: ["totp", "email"], primary: "totp" });
      const deactivated: TwoFactorMethodType = round % 2 === 0 ? "email" : "totp";

      const results = await Promise.allSettled([
        deactivateMethod({ userId: user.id, sessionId, method: deactivated, password, context: TEST_CONTEXT }),
        setPrimaryMethod({ userId: user.id, sessionId, method: deactivated, context: TEST_CONTEXT }),
        deactivateMethod({ userId: user.id, sessionId, method: deactivated === "email" ? "totp" : "email", password, context: TEST_CONTEXT }),
      ]);

      expect(results.every(refusedAsExpected)).toBe(true);
      const { primary, types } = await methodsOf(user.id);
      expect(types).toHaveLength(1);
      expect(primary).toBe(types[0]);
    }
  });
});

describe("codes die with their method", () => {
  it("a sign-in code mailed before email was turned off does not sign in after it is turned on again", async () => {
    const { user, email, password, sessionId } = await createSignedInTwoFactorUser({ methods: ["totp", "email"], primary: "email" });
    const started = await signInWithPassword(email, password, TEST_CONTEXT);
    if (started.kind !== "second-factor-required") throw new Error("expected a pending sign-in");
    await sendSignInEmailCode({ userId: user.id });
    const oldCode = await latestOutboxCode(email);

    await deactivateMethod({ userId: user.id, sessionId, method: "email", password, context: TEST_CONTEXT });
    await db.twoFactorMethod.create({ data: { userId: user.id, type: "email" } }); // turned on again

    await expectTwoFactorError(
      completeSignInWithCode({ pendingSignInToken: started.pendingSignInToken, method: "email", code: oldCode, context: TEST_CONTEXT }),
      "NO_LIVE_CODE",
    );
    expect(await db.session.count({ where: { userId: user.id, id: { not: sessionId } } })).toBe(0);
  });

  it("a password confirmed for setting up a method is void once that method is turned off", async () => {
    const { user, password, sessionId } = await createSignedInTwoFactorUser({ methods: ["totp", "email"], primary: "totp" });
    await db.passwordGrant.create({
      data: { userId: user.id, sessionId, purpose: "enable_method", method: "email", expiresAt: later(new Date(), 60_000) },
    });
    await deactivateMethod({ userId: user.id, sessionId, method: "email", password, context: TEST_CONTEXT });
    expect(await db.passwordGrant.count({ where: { userId: user.id, consumedAt: null } })).toBe(0);
  });
});
