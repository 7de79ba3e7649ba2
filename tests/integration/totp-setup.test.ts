import { createHash, randomBytes } from "node:crypto";
import { ScureBase32Plugin } from "otplib";
import { describe, expect, it } from "vitest";
import { sessionCounter } from "@/lib/auth/attempt-limiter";
import { AuthError } from "@/lib/auth/auth-error";
import { config, type TotpKey } from "@/lib/config";
import { db } from "@/lib/db";
import { PASSWORD_GRANT_LIFETIME_MS } from "@/lib/two-factor/password-grant";
import { decryptTotpSecret, SecretBoxError } from "@/lib/two-factor/secret-box";
import { enableTotp } from "@/lib/two-factor/enable-totp";
import { PENDING_TOTP_SETUP_LIFETIME_MS, startTotpSetup } from "@/lib/two-factor/start-totp-setup";
import { TwoFactorError } from "@/lib/two-factor/two-factor-error";
import { verifyTotpCode } from "@/lib/two-factor/verify-totp-code";
import { createTestUser } from "@/tests/support/create-test-user";
import {
  createSignedInSession,
  expectTwoFactorError,
  later,
  midStep,
  TEST_CONTEXT,
  totpCodeAt,
  wrongTotpCode,
} from "@/tests/support/two-factor-fixtures";


const T0 = midStep();

async function signedInUser() {
  const { user } = await createTestUser();
  const session = await createSignedInSession(user.id);
  return { user, sessionId: session.id };
}

/** What a correct `Confirm password` leaves behind (grantPasswordConfirmation, at a chosen time). */
async function grant(userId: string, sessionId: string, now = T0) {
  await db.passwordGrant.create({
    data: {
      userId,
      sessionId,
      purpose: "enable_method",
      method: "totp",
      createdAt: now,
      expiresAt: later(now, PASSWORD_GRANT_LIFETIME_MS),
    },
  });
}

async function pendingSecret(userId: string): Promise<string> {
  const pending = await db.pendingTotpSetup.findUniqueOrThrow({ where: { userId } });
  return decryptTotpSecret(pending.secretEncrypted, userId);
}

async function userWithPendingSetup(now = T0) {
  const signedIn = await signedInUser();
  await grant(signedIn.user.id, signedIn.sessionId, now);
  const setup = await startTotpSetup({ userId: signedIn.user.id, sessionId: signedIn.sessionId, email: signedIn.user.email, now });
  return { ...signedIn, setup, secret: await pendingSecret(signedIn.user.id) };
}

async function userWithTotp(now = T0) {
  const pending = await userWithPendingSetup(now);
  await enableTotp({ userId: pending.user.id, sessionId: pending.sessionId, code: totpCodeAt(pending.secret, now), context: TEST_CONTEXT, now });
  return pending;
}

describe("setup needs a fresh password grant bound to user, session and purpose", () => {
  it("setup without a password grant is refused and creates no pending secret", async () => {
    const { user, sessionId } = await signedInUser();
    await expectTwoFactorError(startTotpSetup({ userId: user.id, sessionId: sessionId, email: user.email, now: T0 }), "GRANT_REQUIRED");
    expect(await db.pendingTotpSetup.count({ where: { userId: user.id } })).toBe(0);
  });

  it("an expired grant is refused", async () => {
    const { user, sessionId } = await signedInUser();
    await grant(user.id, sessionId, T0);
    const afterExpiry = later(T0, PASSWORD_GRANT_LIFETIME_MS + 1_000);
    await expectTwoFactorError(startTotpSetup({ userId: user.id, sessionId: sessionId, email: user.email, now: afterExpiry }), "GRANT_REQUIRED");
  });

  it("a grant of another session or another user does not work, and a grant works once", async () => {
    const a = await signedInUser();
    const b = await signedInUser();
    const otherSessionOfA = await createSignedInSession(a.user.id);
    await grant(a.user.id, a.sessionId);
    await expectTwoFactorError(startTotpSetup({ userId: a.user.id, sessionId: otherSessionOfA.id, email: a.user.email, now: T0 }), "GRANT_REQUIRED");
    await expectTwoFactorError(startTotpSetup({ userId: b.user.id, sessionId: a.sessionId, email: b.user.email, now: T0 }), "GRANT_REQUIRED");
    await startTotpSetup({ userId: a.user.id, sessionId: a.sessionId, email: a.user.email, now: T0 });
    await expectTwoFactorError(startTotpSetup({ userId: a.user.id, sessionId: a.sessionId, email: a.user.email, now: T0 }), "GRANT_REQUIRED");
  });

  it("returns the QR code, the grouped manual key and the otpauth URI of the pending secret", async () => {
    const { user, setup, secret } = await userWithPendingSetup();
    expect(setup.manualKey.replace(/ /g, "")).toBe(secret);
    expect(setup.manualKey).toMatch(/^([A-Z2-7]{4} )+[A-Z2-7]{1,4}$/);
    expect(setup.otpauthUri).toContain(`:${encodeURIComponent(user.email)}?secret=${secret}&issuer=`);
    expect(setup.qrCodeDataUrl.startsWith("data:image/svg+xml;base64,")).toBe(true);
    expect(Buffer.from(setup.qrCodeDataUrl.split(",")[1]!, "base64").toString()).toContain("<svg");
    expect(setup.expiresAt).toEqual(later(T0, PENDING_TOTP_SETUP_LIFETIME_MS));
  });

  it("a user whose authentication app is already active cannot start another setup", async () => {
    const { user, sessionId } = await userWithTotp();
    await grant(user.id, sessionId);
    await expectTwoFactorError(startTotpSetup({ userId: user.id, sessionId: sessionId, email: user.email, now: T0 }), "ALREADY_ENABLED");
  });
});

describe("verify needs that setup", () => {
  it("verify without setup is refused", async () => {
    const { user, sessionId } = await signedInUser();
    await expectTwoFactorError(enableTotp({ userId: user.id, sessionId, code: "123456", context: TEST_CONTEXT, now: T0 }), "SETUP_REQUIRED");
    expect(await db.twoFactorMethod.count({ where: { userId: user.id } })).toBe(0);
  });

  it("the pending secret expires after 10 minutes", async () => {
    const { user, secret, sessionId } = await userWithPendingSetup();
    const expired = later(T0, PENDING_TOTP_SETUP_LIFETIME_MS);
    await expectTwoFactorError(enableTotp({ userId: user.id, sessionId, code: totpCodeAt(secret, expired), context: TEST_CONTEXT, now: expired }), "SETUP_REQUIRED");
    expect(await db.pendingTotpSetup.count({ where: { userId: user.id } })).toBe(0);
    expect(await db.twoFactorMethod.count({ where: { userId: user.id } })).toBe(0);
  });

  it("the pending secret still works just before it expires", async () => {
    const { user, secret, sessionId } = await userWithPendingSetup();
    const almost = later(T0, PENDING_TOTP_SETUP_LIFETIME_MS - 1_000);
    await enableTotp({ userId: user.id, sessionId, code: totpCodeAt(secret, almost), context: TEST_CONTEXT, now: almost });
    expect(await db.twoFactorMethod.count({ where: { userId: user.id, type: "totp" } })).toBe(1);
  });

  it("a new setup replaces the pending secret: only the newest QR code works", async () => {
    const { user, sessionId, secret: firstSecret } = await userWithPendingSetup();
    await grant(user.id, sessionId);
    await startTotpSetup({ userId: user.id, sessionId: sessionId, email: user.email, now: T0 });
    const secondSecret = await pendingSecret(user.id);
    expect(secondSecret).not.toBe(firstSecret);
    await expect(enableTotp({ userId: user.id, sessionId, code: totpCodeAt(firstSecret, T0), context: TEST_CONTEXT, now: T0 })).rejects.toBeInstanceOf(TwoFactorError);
    await enableTotp({ userId: user.id, sessionId, code: totpCodeAt(secondSecret, T0), context: TEST_CONTEXT, now: T0 });
  });

  it("another user's pending secret does not verify for this user", async () => {
    const a = await userWithPendingSetup();
    const b = await userWithPendingSetup();
    await expect(enableTotp({ userId: b.user.id, sessionId: b.sessionId, code: totpCodeAt(a.secret, T0), context: TEST_CONTEXT, now: T0 })).rejects.toBeInstanceOf(TwoFactorError);
    expect(await db.twoFactorMethod.count({ where: { userId: b.user.id } })).toBe(0);

    // Nor does A's encrypted secret copied into B's row: the box is bound to A.
    const boxOfA = await db.pendingTotpSetup.findUniqueOrThrow({ where: { userId: a.user.id } });
    await db.pendingTotpSetup.update({ where: { userId: b.user.id }, data: { secretEncrypted: boxOfA.secretEncrypted } });
    await expect(enableTotp({ userId: b.user.id, sessionId: b.sessionId, code: totpCodeAt(a.secret, T0), context: TEST_CONTEXT, now: T0 })).rejects.toBeInstanceOf(
      SecretBoxError,
    );
    expect(await db.twoFactorMethod.count({ where: { userId: b.user.id } })).toBe(0);
  });

  it("a code for a time 3 steps away fails with the device's clock drift", async () => {
    const { user, secret, sessionId } = await userWithPendingSetup();
    const refused = enableTotp({ userId: user.id, sessionId, code: totpCodeAt(secret, T0, 3), context: TEST_CONTEXT, now: T0 });
    await expect(refused).rejects.toSatisfy(
      (error) => error instanceof TwoFactorError && error.code === "CLOCK_DRIFT" && error.details.driftSeconds === 90,
    );
    expect(await db.twoFactorMethod.count({ where: { userId: user.id } })).toBe(0);
    const counter = await db.attemptCounter.findUniqueOrThrow({ where: { key: sessionCounter(sessionId).key } });
    expect(counter.attempts).toBe(1);
  });

  it("a code 2 steps away is refused (at most +-1 step)", async () => {
    const { user, secret, sessionId } = await userWithPendingSetup();
    await expect(enableTotp({ userId: user.id, sessionId, code: totpCodeAt(secret, T0, -2), context: TEST_CONTEXT, now: T0 })).rejects.toBeInstanceOf(TwoFactorError);
    await enableTotp({ userId: user.id, sessionId, code: totpCodeAt(secret, T0, -1), context: TEST_CONTEXT, now: T0 });
  });
});

describe("activation", () => {
  it("the first method becomes primary", async () => {
    const { user, secret, sessionId } = await userWithPendingSetup();
    const result = await enableTotp({ userId: user.id, sessionId, code: totpCodeAt(secret, T0), context: TEST_CONTEXT, now: T0 });
    expect(result).toEqual({ becamePrimary: true, notificationSent: true, recoveryCodes: expect.any(Array) });
    const updated = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(updated.primaryTwoFactorType).toBe("totp");
    expect(await db.pendingTotpSetup.count({ where: { userId: user.id } })).toBe(0);
  });

  it("a second method does not take over as primary", async () => {
    const { user, secret, sessionId } = await userWithPendingSetup();
    await db.twoFactorMethod.create({ data: { userId: user.id, type: "email" } });
    await db.user.update({ where: { id: user.id }, data: { primaryTwoFactorType: "email" } });
    const result = await enableTotp({ userId: user.id, sessionId, code: totpCodeAt(secret, T0), context: TEST_CONTEXT, now: T0 });
    expect(result.becamePrimary).toBe(false);
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).primaryTwoFactorType).toBe("email");
  });

  it("a security event is recorded and the user is mailed, without the secret or the code", async () => {
    const { user, secret, setup, sessionId } = await userWithPendingSetup();
    const code = totpCodeAt(secret, T0);
    await enableTotp({ userId: user.id, sessionId, code: code, context: TEST_CONTEXT, now: T0 });

    const events = await db.securityEvent.findMany({ where: { userId: user.id }, orderBy: { type: "asc" } });
    expect(events).toEqual([
      expect.objectContaining({ type: "two_factor_enabled", method: "totp", ...TEST_CONTEXT }),
      expect.objectContaining({ type: "recovery_codes_generated", method: null, ...TEST_CONTEXT }),
    ]);
    const mails = await db.devOutboxMail.findMany({ where: { to: user.email } });
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toBe("Authentication app turned on");
    expect(mails[0]!.text).toContain("If this was not you, change your password");
    expect(mails[0]!.text).toContain(TEST_CONTEXT.ipAddress);
    for (const row of [...events, ...mails]) {
      for (const value of Object.values(row)) {
        const text = String(value);
        expect(text).not.toContain(secret);
        expect(text).not.toContain(setup.manualKey);
        expect(text).not.toContain(code);
        expect(text).not.toContain("otpauth");
      }
    }
  });

  it("20 parallel verifications of one valid code on the setup: exactly one activates", async () => {
    const { user, secret, sessionId } = await userWithPendingSetup();
    const code = totpCodeAt(secret, T0);
    const results = await Promise.allSettled(Array.from({ length: 20 }, () => enableTotp({ userId: user.id, sessionId, code: code, context: TEST_CONTEXT, now: T0 })));
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
    expect(await db.twoFactorMethod.count({ where: { userId: user.id } })).toBe(1);
    expect(await db.securityEvent.count({ where: { userId: user.id, type: "two_factor_enabled" } })).toBe(1);
  });
});

describe("the stored secret is not readable in the database", () => {
  it("holds neither the base32 secret nor its bytes, and opens only with the environment's key", async () => {
    const { user, secret } = await userWithTotp();
    const [row] = await db.$queryRaw<{ totp_secret_encrypted: string }[]>`
      SELECT totp_secret_encrypted FROM two_factor_methods WHERE user_id = ${user.id}::uuid`;
    const stored = row!.totp_secret_encrypted;
    const dump = JSON.stringify(
      await db.$queryRaw`SELECT * FROM two_factor_methods WHERE user_id = ${user.id}::uuid`,
      (_key, value: unknown) => (typeof value === "bigint" ? value.toString() : value),
    );
    const rawBytes = Buffer.from(new ScureBase32Plugin().decode(secret));
    for (const form of [secret, rawBytes.toString("hex"), rawBytes.toString("base64"), rawBytes.toString("base64url")]) {
      expect(stored).not.toContain(form);
      expect(dump).not.toContain(form);
    }
    expect(decryptTotpSecret(stored, user.id)).toBe(secret);
    const otherKey = randomBytes(32);
    const wrongKeys: TotpKey[] = [
      { id: config().totpKeys[0].id, key: otherKey },
      { id: createHash("sha256").update(otherKey).digest("hex").slice(0, 8), key: otherKey },
    ];
    expect(() => decryptTotpSecret(stored, user.id, wrongKeys)).toThrow(SecretBoxError);
  });
});

describe("sign-in codes: never accept a step at or before the last accepted one", () => {
  it("the code that activated the app cannot be used again", async () => {
    const { user, secret } = await userWithTotp();
    await expectTwoFactorError(verifyTotpCode({ userId: user.id, code: totpCodeAt(secret, T0), now: T0 }), "INVALID_CODE");
  });

  it("the same code twice: the second is refused", async () => {
    const { user, secret } = await userWithTotp();
    const now = later(T0, 30_000);
    await verifyTotpCode({ userId: user.id, code: totpCodeAt(secret, now), now });
    await expectTwoFactorError(verifyTotpCode({ userId: user.id, code: totpCodeAt(secret, now), now }), "INVALID_CODE");
  });

  it("an earlier step after a later one is refused", async () => {
    const { user, secret } = await userWithTotp();
    const now = later(T0, 60_000);
    await verifyTotpCode({ userId: user.id, code: totpCodeAt(secret, now, 1), now });
    await expectTwoFactorError(verifyTotpCode({ userId: user.id, code: totpCodeAt(secret, now), now }), "INVALID_CODE");
    const nextStep = later(now, 30_000);
    await expectTwoFactorError(verifyTotpCode({ userId: user.id, code: totpCodeAt(secret, nextStep), now: nextStep }), "INVALID_CODE");
  });

  it("20 parallel verifications of one valid code: exactly one succeeds", async () => {
    const { user, secret } = await userWithTotp();
    const now = later(T0, 30_000);
    const code = totpCodeAt(secret, now);
    const results = await Promise.allSettled(Array.from({ length: 20 }, () => verifyTotpCode({ userId: user.id, code, now })));
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
    for (const result of results) {
      if (result.status === "rejected") expect(result.reason).toMatchObject({ code: "INVALID_CODE" });
    }
  });

  it("a code 2 steps away is refused and wrong input is INVALID_CODE", async () => {
    const { user, secret } = await userWithTotp();
    const now = later(T0, 120_000);
    await expectTwoFactorError(verifyTotpCode({ userId: user.id, code: totpCodeAt(secret, now, 2), now }), "INVALID_CODE");
    await expectTwoFactorError(verifyTotpCode({ userId: user.id, code: "12345", now }), "INVALID_CODE");
    await verifyTotpCode({ userId: user.id, code: totpCodeAt(secret, now).replace(/^(...)/, "$1 "), now });
  });

  it("a user without the authentication app gets NOT_ENABLED", async () => {
    const { user } = await userWithPendingSetup();
    await expectTwoFactorError(verifyTotpCode({ userId: user.id, code: "123456", now: T0 }), "NOT_ENABLED");
  });
});

describe("wrong setup codes are counted per session in the database, with growing backoff", () => {
  it("after 5 wrong codes even the right one must wait 30 s, then 60 s after the next failure", async () => {
    const { user, secret, sessionId } = await userWithPendingSetup();
    for (let attempt = 0; attempt < 5; attempt++) {
      await expectTwoFactorError(enableTotp({ userId: user.id, sessionId, code: wrongTotpCode(secret, T0), context: TEST_CONTEXT, now: T0 }), "INVALID_CODE");
    }
    const throttled = enableTotp({ userId: user.id, sessionId, code: totpCodeAt(secret, T0), context: TEST_CONTEXT, now: T0 });
    await expect(throttled).rejects.toSatisfy(
      (error) =>
        error instanceof AuthError && error.code === "THROTTLED" && error.retryAt?.getTime() === T0.getTime() + 30_000,
    );

    const afterWait = later(T0, 31_000);
    await expectTwoFactorError(enableTotp({ userId: user.id, sessionId, code: wrongTotpCode(secret, afterWait), context: TEST_CONTEXT, now: afterWait }), "INVALID_CODE");
    const blockedAgain = later(afterWait, 1_000);
    await expect(enableTotp({ userId: user.id, sessionId, code: totpCodeAt(secret, blockedAgain), context: TEST_CONTEXT, now: blockedAgain })).rejects.toSatisfy(
      (error) => error instanceof AuthError && error.retryAt?.getTime() === afterWait.getTime() + 60_000,
    );

    const afterLongerWait = later(afterWait, 61_000);
    await enableTotp({ userId: user.id, sessionId, code: totpCodeAt(secret, afterLongerWait), context: TEST_CONTEXT, now: afterLongerWait });
    expect(await db.attemptCounter.findUnique({ where: { key: sessionCounter(sessionId).key } })).toBeNull();
  });
});
