import { beforeEach, describe, expect, it, vi } from "vitest";
import { FREE_ATTEMPTS, secondFactorCounter, sessionCounter } from "@/lib/auth/attempt-limiter";
import { completeSignInWithCode } from "@/lib/auth/complete-sign-in-with-code";
import { completeSignInWithRecoveryCode } from "@/lib/auth/complete-sign-in-with-recovery-code";
import { PENDING_SIGN_IN_TRIES } from "@/lib/auth/pending-sign-in";
import { findActiveSession } from "@/lib/auth/sessions";
import { signInWithPassword } from "@/lib/auth/sign-in-with-password";
import { keyedHash } from "@/lib/auth/tokens";
import { db } from "@/lib/db";
import { getSecurityPageData } from "@/lib/security/security-page-data";
import { activateMethod } from "@/lib/two-factor/activate-method";
import { deactivateMethod } from "@/lib/two-factor/deactivate-method";
import { enableTotp } from "@/lib/two-factor/enable-totp";
import { generateRecoveryCodes } from "@/lib/two-factor/generate-recovery-codes";
import { normalizeRecoveryCode, RECOVERY_CODE_ALPHABET } from "@/lib/two-factor/recovery-code-format";
import { getRecoveryCodeNotice } from "@/lib/two-factor/recovery-code-notice";
import { removeMethod } from "@/lib/two-factor/remove-method";
import { backendPid, barrier, untilBlockedBy } from "@/tests/support/barriers";
import { recordConsole } from "@/tests/support/console";
import { createTestUser } from "@/tests/support/create-test-user";
import { useSmtpSink } from "@/tests/support/mail";
import {
  createPendingTotpSetup,
  createSignedInSession,
  createSignedInTwoFactorUser,
  createTwoFactorUser,
  expectAuthError,
  expectTwoFactorError,
  giveRecoveryCodes,
  later,
  midStep,
  pendingSignInFor,
  SECOND,
  sessionCount,
  TEST_CONTEXT,
  totpCodeAt,
  wrongTotpCode,
} from "@/tests/support/two-factor-fixtures";

const sink = useSmtpSink();

beforeEach(() => {
  vi.restoreAllMocks();
});

const CODE_FORMAT = new RegExp(`^[${RECOVERY_CODE_ALPHABET}]{5}-[${RECOVERY_CODE_ALPHABET}]{5}-[${RECOVERY_CODE_ALPHABET}]{5}$`);

/** A user with the authentication app and a set of recovery codes, typed the password: the pending sign-in too. */
async function userSigningIn() {
  const created = await createTwoFactorUser({ methods: ["totp"] });
  const codes = await giveRecoveryCodes(created.user.id);
  const pendingSignInToken = await pendingSignInFor(created.user, created.password);
  return { ...created, codes, pendingSignInToken };
}

function signInWithRecoveryCode(pendingSignInToken: string, code: string, now?: Date) {
  return completeSignInWithRecoveryCode({ pendingSignInToken, code, context: TEST_CONTEXT, now });
}

async function unusedCodeCount(userId: string): Promise<number> {
  return db.recoveryCode.count({ where: { userId, usedAt: null } });
}

async function storedHashes(userId: string): Promise<string[]> {
  return (await db.recoveryCode.findMany({ where: { userId }, select: { codeHash: true } })).map((row) => row.codeHash).sort();
}

/** Every place a code must never be: the rows of the audit trail, the mails, and what was logged. */
async function whereCodesMustNeverBe(userId: string, email: string, logged: string): Promise<string> {
  const events = await db.securityEvent.findMany({ where: { userId } });
  const mails = sink().mailsTo(email);
  return [JSON.stringify(events), ...mails.map((mail) => `${mail.subject}\n${mail.text}\n${mail.html}`), logged].join("\n");
}

describe("recovery codes are issued with the first method: 10 codes of at least 64 bits, shown once", () => {
  it("turning on the first method returns 10 different codes as xxxxx-xxxxx-xxxxx from an alphabet without look-alikes", async () => {
    const now = midStep();
    const { user } = await createTestUser();
    const { id: sessionId } = await createSignedInSession(user.id);
    const secret = await createPendingTotpSetup(user.id, now);

    const { recoveryCodes } = await enableTotp({ userId: user.id, sessionId, code: totpCodeAt(secret, now), context: TEST_CONTEXT, now });

    expect(recoveryCodes).toHaveLength(10);
    for (const code of recoveryCodes!) expect(code).toMatch(CODE_FORMAT);
    expect(new Set(recoveryCodes).size).toBe(10);
    expect(RECOVERY_CODE_ALPHABET).not.toMatch(/[01OIL]/);
    // 15 characters of a 31-character alphabet: log2(31) * 15 = 74 bits.
    expect(15 * Math.log2(RECOVERY_CODE_ALPHABET.length)).toBeGreaterThanOrEqual(64);
    expect(await unusedCodeCount(user.id)).toBe(10);
    expect(await db.securityEvent.count({ where: { userId: user.id, type: "recovery_codes_generated" } })).toBe(1);
  });

  it("a further method issues no codes and leaves the user's set as it was", async () => {
    const now = midStep();
    const { user, sessionId } = await createSignedInTwoFactorUser({ methods: ["email"] });
    await giveRecoveryCodes(user.id);
    const before = await storedHashes(user.id);
    const secret = await createPendingTotpSetup(user.id, now);

    const result = await enableTotp({ userId: user.id, sessionId, code: totpCodeAt(secret, now), context: TEST_CONTEXT, now });

    expect(result.recoveryCodes).toBeNull();
    expect(await storedHashes(user.id)).toEqual(before);
    expect(await db.securityEvent.count({ where: { userId: user.id, type: "recovery_codes_generated" } })).toBe(0);
  });

  // PostgreSQL only. PGlite has one connection, on which transactions queue: the second cannot
  // begin before the first commits, so the race cannot happen there and the lock has nothing to
  // do (that sequential case is "a further method issues no codes and leaves the user's set").
  it.runIf(process.env.TEST_DATABASE === "postgres")(
    "two methods finishing at the same moment issue exactly one set: the second waits for the first's lock on the user",
    async () => {
      const { user } = await createTestUser();
      const now = new Date();
      const first = { pid: barrier<number>(), activated: barrier(), commit: barrier() };
      const secondPid = barrier<number>();
      // The first activation keeps its transaction open, and what it locked locked, until the test lets it commit.
      const firstDone = db.$transaction(async (tx) => {
        first.pid.resolve(await backendPid(tx));
        const totp = { secretEncrypted: "v1.key.iv.tag.ciphertext", lastUsedStep: 1 };
        const activated = await activateMethod(tx, { userId: user.id, type: "totp", context: TEST_CONTEXT, now, totp });
        first.activated.resolve();
        await first.commit.promise;
        return activated;
      });
      await first.activated.promise;
      const secondDone = db.$transaction(async (tx) => {
        secondPid.resolve(await backendPid(tx));
        return activateMethod(tx, { userId: user.id, type: "email", context: TEST_CONTEXT, now });
      });

      // The first commits only once the second is waiting for it. With the lock, the second waits
      // before it reads the user's methods, so it then sees the first's; without it, it has already
      // read "no method yet". Should nothing ever block the second, it finishes on its own and the
      // assertions below judge the race it ran.
      try {
        await Promise.race([
          untilBlockedBy(await secondPid.promise, await first.pid.promise),
          secondDone.catch(() => undefined),
        ]);
      } finally {
        first.commit.resolve();
      }
      const issued = (await Promise.all([firstDone, secondDone])).map((activated) => activated.recoveryCodes);

      expect(issued.filter((codes) => codes !== null)).toHaveLength(1);
      expect(await db.recoveryCode.count({ where: { userId: user.id } })).toBe(10);
      expect(await db.securityEvent.count({ where: { userId: user.id, type: "recovery_codes_generated" } })).toBe(1);
    },
  );

  it("codes are not stored in clear: each row holds only a keyed hash of the code, bound to its user", async () => {
    const { user } = await createTwoFactorUser({ methods: ["totp"] });
    const codes = await giveRecoveryCodes(user.id);

    const rows = await db.recoveryCode.findMany({ where: { userId: user.id } });
    const stored = JSON.stringify(rows);
    for (const code of codes) {
      const normalized = normalizeRecoveryCode(code)!;
      expect(stored).not.toContain(code);
      expect(stored).not.toContain(normalized);
      expect(stored.toLowerCase()).not.toContain(normalized.toLowerCase());
    }
    const expected = codes.map((code) => keyedHash(`recovery-code:${user.id}`, normalizeRecoveryCode(code)!)).sort();
    expect(rows.map((row) => row.codeHash).sort()).toEqual(expected);
    // The same code for another user would hash differently: a row cannot be moved to another user.
    const otherUserId = (await createTestUser()).user.id;
    expect(keyedHash(`recovery-code:${otherUserId}`, normalizeRecoveryCode(codes[0]!)!)).not.toBe(expected[0]);
  });

  it("no code is ever in a log, an audit row or a mail: not when issued, used or generated anew", async () => {
    const logged = recordConsole();
    const now = midStep();
    const { user, password } = await createTestUser();
    const { id: sessionId } = await createSignedInSession(user.id);
    const secret = await createPendingTotpSetup(user.id, now);
    const { recoveryCodes: first } = await enableTotp({ userId: user.id, sessionId, code: totpCodeAt(secret, now), context: TEST_CONTEXT, now });
    await signInWithRecoveryCode(await pendingSignInFor(user, password!), first![0]!);
    await signInWithRecoveryCode(await pendingSignInFor(user, password!), "ABCDE-FGHJK-MNPQR").catch(() => undefined);
    const { recoveryCodes: second } = await generateRecoveryCodes({ userId: user.id, sessionId, password: password!, context: TEST_CONTEXT });

    const everywhere = await whereCodesMustNeverBe(user.id, user.email, logged.text());
    expect(everywhere).toContain("A recovery code was used to sign in");
    for (const code of [...first!, ...second]) {
      expect(everywhere).not.toContain(code);
      expect(everywhere).not.toContain(normalizeRecoveryCode(code)!);
    }
  });
});

describe("a recovery code signs in once, in any letter case, with or without dashes and spaces", () => {
  it("a code works once: the second use is refused", async () => {
    const { user, password, codes, pendingSignInToken } = await userSigningIn();

    const { sessionToken, recoveryCodesLeft } = await signInWithRecoveryCode(pendingSignInToken, codes[0]!);
    expect((await findActiveSession(sessionToken))?.userId).toBe(user.id);
    expect(recoveryCodesLeft).toBe(9);

    const again = await pendingSignInFor(user, password);
    await expectTwoFactorError(signInWithRecoveryCode(again, codes[0]!), "INVALID_RECOVERY_CODE");
    expect(await sessionCount(user.id)).toBe(1);
    expect(await unusedCodeCount(user.id)).toBe(9);
  });

  it("lower case, without dashes, or with spaces: the same code", async () => {
    const { user, password, codes } = await userSigningIn();
    const typedAs = [
      codes[0]!.toLowerCase(),
      codes[1]!.replace(/-/g, ""),
      ` ${codes[2]!.replace(/-/g, " ").toLowerCase()} `,
    ];
    for (const typed of typedAs) {
      await signInWithRecoveryCode(await pendingSignInFor(user, password), typed);
    }
    expect(await sessionCount(user.id)).toBe(3);
    expect(await unusedCodeCount(user.id)).toBe(7);
  });

  it("20 parallel submissions of one code give exactly one session", async () => {
    const { user, codes, pendingSignInToken } = await userSigningIn();

    const results = await Promise.allSettled(
      Array.from({ length: 20 }, () => signInWithRecoveryCode(pendingSignInToken, codes[0]!)),
    );

    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
    expect(await sessionCount(user.id)).toBe(1);
    expect(await db.recoveryCode.count({ where: { userId: user.id, usedAt: { not: null } } })).toBe(1);
  });

  it("one code cannot complete two pending sign-ins of the same user at once", async () => {
    const { user, password, codes, pendingSignInToken } = await userSigningIn();
    const second = await pendingSignInFor(user, password);

    const results = await Promise.allSettled([
      signInWithRecoveryCode(pendingSignInToken, codes[0]!),
      signInWithRecoveryCode(second, codes[0]!),
    ]);

    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
    expect(await sessionCount(user.id)).toBe(1);
  });

  it("user A's code against user B's pending sign-in is refused, and A's code stays usable", async () => {
    const a = await userSigningIn();
    const b = await userSigningIn();

    await expectTwoFactorError(signInWithRecoveryCode(b.pendingSignInToken, a.codes[0]!), "INVALID_RECOVERY_CODE");

    expect(await sessionCount(b.user.id)).toBe(0);
    expect(await unusedCodeCount(a.user.id)).toBe(10);
    await signInWithRecoveryCode(a.pendingSignInToken, a.codes[0]!);
    expect(await sessionCount(a.user.id)).toBe(1);
  });

  it("5 wrong recovery codes end the pending sign-in: then even a right one fails; each is in the audit trail", async () => {
    const now = midStep();
    const { user, codes, pendingSignInToken } = await userSigningIn();
    const wrong = "ABCDE-FGHJK-MNPQR";
    expect(codes).not.toContain(wrong);

    for (let i = 1; i < PENDING_SIGN_IN_TRIES; i++) {
      await expectTwoFactorError(signInWithRecoveryCode(pendingSignInToken, wrong, now), "INVALID_RECOVERY_CODE");
    }
    await expectTwoFactorError(signInWithRecoveryCode(pendingSignInToken, wrong, now), "SIGN_IN_EXPIRED");

    // Past the attempt limiter's wait, so only the ended pending sign-in can refuse it.
    await expectTwoFactorError(signInWithRecoveryCode(pendingSignInToken, codes[0]!, later(now, 2 * 60 * SECOND)), "SIGN_IN_EXPIRED");
    expect(await sessionCount(user.id)).toBe(0);
    expect(await unusedCodeCount(user.id)).toBe(10);
    const failures = await db.securityEvent.aggregate({ where: { userId: user.id, type: "recovery_code_failed" }, _sum: { count: true } });
    expect(failures._sum.count).toBe(PENDING_SIGN_IN_TRIES);
  });

  it("wrong recovery codes and wrong method codes count against the same per-user limit, across pending sign-ins", async () => {
    const now = midStep();
    const { user, password, totpSecret, codes, pendingSignInToken } = await userSigningIn();
    for (let i = 0; i < 2; i++) {
      const code = wrongTotpCode(totpSecret, now);
      await expectTwoFactorError(completeSignInWithCode({ pendingSignInToken, method: "totp", code, context: TEST_CONTEXT, now }), "INVALID_CODE");
    }
    const second = await pendingSignInFor(user, password);
    for (let i = 0; i < FREE_ATTEMPTS - 2; i++) {
      await expectTwoFactorError(signInWithRecoveryCode(second, "ABCDE-FGHJK-MNPQR", now), "INVALID_RECOVERY_CODE");
    }

    await expectAuthError(signInWithRecoveryCode(second, codes[0]!, now), "THROTTLED");
    expect(await sessionCount(user.id)).toBe(0);
    expect(await unusedCodeCount(user.id)).toBe(10);
    const counter = await db.attemptCounter.findUniqueOrThrow({ where: { key: secondFactorCounter(user.id).key } });
    expect(counter.attempts).toBe(FREE_ATTEMPTS);
  });

  it("every use records its event and mails the user how many are left; the page shows the same count", async () => {
    const { user, email, codes, pendingSignInToken } = await userSigningIn();

    await signInWithRecoveryCode(pendingSignInToken, codes[3]!);

    const events = await db.securityEvent.findMany({ where: { userId: user.id, type: "sign_in_recovery_code" } });
    expect(events).toEqual([expect.objectContaining({ method: null, ipAddress: TEST_CONTEXT.ipAddress })]);
    const mail = await sink().waitForMail(email);
    expect(mail.subject).toBe("A recovery code was used to sign in");
    expect(mail.text).toContain("9 recovery codes left");
    expect(mail.text).toContain("If this was not you");
    expect(mail.text).toContain("/customer-area/security#recovery-codes");
    expect((await getSecurityPageData(user.id)).recoveryCodesLeft).toBe(9);
  });
});

describe("after a sign-in with a recovery code, and whenever 3 or fewer are left, the home page says how many are left", () => {
  it("says so until a sign-in with a method or new codes; at 3 or fewer it always does", async () => {
    const now = midStep();
    const { user, password, totpSecret, codes, pendingSignInToken } = await userSigningIn();
    const signInWithApp = async (at: Date) =>
      completeSignInWithCode({ pendingSignInToken: await pendingSignInFor(user, password), method: "totp", code: totpCodeAt(totpSecret, at), context: TEST_CONTEXT, now: at });
    expect(await getRecoveryCodeNotice(user.id)).toBeNull();

    await signInWithRecoveryCode(pendingSignInToken, codes[0]!);
    expect(await getRecoveryCodeNotice(user.id)).toEqual({ codesLeft: 9, signedInWithRecoveryCode: true, runningLow: false });
    await signInWithApp(now);
    expect(await getRecoveryCodeNotice(user.id)).toBeNull();

    for (const code of codes.slice(1, 7)) await signInWithRecoveryCode(await pendingSignInFor(user, password), code);
    expect(await getRecoveryCodeNotice(user.id)).toEqual({ codesLeft: 3, signedInWithRecoveryCode: true, runningLow: true });
    await signInWithApp(later(now, 30 * SECOND));
    expect(await getRecoveryCodeNotice(user.id)).toEqual({ codesLeft: 3, signedInWithRecoveryCode: false, runningLow: true });

    await signInWithRecoveryCode(await pendingSignInFor(user, password), codes[7]!);
    const { id: sessionId } = await createSignedInSession(user.id);
    await generateRecoveryCodes({ userId: user.id, sessionId, password, context: TEST_CONTEXT });
    expect(await getRecoveryCodeNotice(user.id)).toBeNull();
  });

  it("a user without two-factor authentication is told nothing, whatever codes are left behind", async () => {
    const { user } = await createTestUser();
    await giveRecoveryCodes(user.id);
    await db.recoveryCode.updateMany({ where: { userId: user.id }, data: { usedAt: new Date() } });
    expect(await getRecoveryCodeNotice(user.id)).toBeNull();
  });
});

describe("generating new codes needs the password, and the new set voids the old one", () => {
  it("without the password or with a wrong one it is refused, counted against the session, and the old codes stay as they were", async () => {
    const { user, sessionId } = await createSignedInTwoFactorUser({ methods: ["totp"] });
    await giveRecoveryCodes(user.id);
    const before = await storedHashes(user.id);

    await expectAuthError(generateRecoveryCodes({ userId: user.id, sessionId, password: "", context: TEST_CONTEXT }), "WRONG_PASSWORD");
    await expectAuthError(generateRecoveryCodes({ userId: user.id, sessionId, password: "not-the-password", context: TEST_CONTEXT }), "WRONG_PASSWORD");

    expect(await storedHashes(user.id)).toEqual(before);
    expect((await db.attemptCounter.findUniqueOrThrow({ where: { key: sessionCounter(sessionId).key } })).attempts).toBe(2);
    expect(await db.securityEvent.count({ where: { userId: user.id, type: { not: "password_confirmation_failed" } } })).toBe(0);
  });

  it("after 5 wrong passwords the session must wait, even with the right one; signing in elsewhere is not held back", async () => {
    const { user, email, password, sessionId } = await createSignedInTwoFactorUser({ methods: ["totp"] });
    await giveRecoveryCodes(user.id);
    const before = await storedHashes(user.id);

    for (let i = 0; i < FREE_ATTEMPTS; i++) {
      await expectAuthError(generateRecoveryCodes({ userId: user.id, sessionId, password: "not-the-password", context: TEST_CONTEXT }), "WRONG_PASSWORD");
    }
    await expectAuthError(generateRecoveryCodes({ userId: user.id, sessionId, password, context: TEST_CONTEXT }), "THROTTLED");
    expect(await storedHashes(user.id)).toEqual(before);
    expect((await signInWithPassword(email, password, TEST_CONTEXT)).kind).toBe("second-factor-required");
  });

  it("after regeneration the old codes are dead and the new ones live, with an event and a mail", async () => {
    const { user, email, password, codes: oldCodes } = await userSigningIn();
    const { id: sessionId } = await createSignedInSession(user.id);

    const { recoveryCodes: newCodes } = await generateRecoveryCodes({ userId: user.id, sessionId, password, context: TEST_CONTEXT });

    expect(newCodes).toHaveLength(10);
    expect(newCodes.filter((code) => oldCodes.includes(code))).toEqual([]);
    expect(await unusedCodeCount(user.id)).toBe(10);
    for (const oldCode of oldCodes.slice(0, 3)) {
      await expectTwoFactorError(signInWithRecoveryCode(await pendingSignInFor(user, password), oldCode), "INVALID_RECOVERY_CODE");
    }
    await signInWithRecoveryCode(await pendingSignInFor(user, password), newCodes[0]!);
    expect(await sessionCount(user.id)).toBe(2);
    expect(await db.securityEvent.count({ where: { userId: user.id, type: "recovery_codes_generated" } })).toBe(1);
    expect(sink().mailsTo(email).some((mail) => mail.subject === "New recovery codes were generated")).toBe(true);
  });

  it("a user without two-factor authentication gets no codes: NO_METHOD", async () => {
    const { user, password } = await createTestUser();
    const { id: sessionId } = await createSignedInSession(user.id);
    await expectTwoFactorError(generateRecoveryCodes({ userId: user.id, sessionId, password: password!, context: TEST_CONTEXT }), "NO_METHOD");
    expect(await db.recoveryCode.count({ where: { userId: user.id } })).toBe(0);
  });
});

describe("recovery codes are not a method: they never keep 2FA on by themselves", () => {
  it("they do not count toward both methods active: the sole method cannot be deactivated, and the codes stay", async () => {
    const { user, password, sessionId } = await createSignedInTwoFactorUser({ methods: ["totp"] });
    await giveRecoveryCodes(user.id);

    await expectTwoFactorError(deactivateMethod({ userId: user.id, sessionId, method: "totp", password, context: TEST_CONTEXT }), "LAST_METHOD");

    expect((await getSecurityPageData(user.id)).methods.filter((method) => method.active)).toHaveLength(1);
    expect(await unusedCodeCount(user.id)).toBe(10);
  });

  it("deactivating both methods at once leaves one method, and the codes with it", async () => {
    const { user, password, sessionId } = await createSignedInTwoFactorUser({ methods: ["totp", "email"] });
    await giveRecoveryCodes(user.id);

    await Promise.allSettled([
      deactivateMethod({ userId: user.id, sessionId, method: "totp", password, context: TEST_CONTEXT }),
      deactivateMethod({ userId: user.id, sessionId, method: "email", password, context: TEST_CONTEXT }),
    ]);

    expect(await db.twoFactorMethod.count({ where: { userId: user.id } })).toBe(1);
    expect(await unusedCodeCount(user.id)).toBe(10);
  });

  it("a user who ends up with no method has no recovery codes left", async () => {
    const { user } = await createTwoFactorUser({ methods: ["totp", "email"] });
    await giveRecoveryCodes(user.id);

    const now = new Date();
    await db.$transaction((tx) => removeMethod(tx, { userId: user.id, method: "totp", now }));
    expect(await unusedCodeCount(user.id)).toBe(10);
    await db.$transaction((tx) => removeMethod(tx, { userId: user.id, method: "email", now }));

    expect(await db.recoveryCode.count({ where: { userId: user.id } })).toBe(0);
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).primaryTwoFactorType).toBeNull();
  });

  it("codes never let a user without 2FA in, even codes that were somehow left behind", async () => {
    const { user, codes, pendingSignInToken } = await userSigningIn();
    // The methods go while the password step is done, without the removal path voiding the codes.
    await db.twoFactorMethod.deleteMany({ where: { userId: user.id } });

    await expectTwoFactorError(signInWithRecoveryCode(pendingSignInToken, codes[0]!), "NOT_ENABLED");

    expect(await sessionCount(user.id)).toBe(0);
    expect(await unusedCodeCount(user.id)).toBe(10);
  });
});
