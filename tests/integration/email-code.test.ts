import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";

import { reserveAttempt, sessionCounter } from "@/lib/auth/attempt-limiter";
import { keyedHash } from "@/lib/auth/tokens";
import { db } from "@/lib/db";
import type { EmailCodePurpose } from "@/lib/generated/prisma/client";
import { MailDeliveryError } from "@/lib/mail/send-mail";
import { EMAIL_CODE_LIFETIME_MS, EMAIL_CODE_RESEND_COOLDOWN_MS } from "@/lib/two-factor/email-code-format";
import { enableEmailMethod } from "@/lib/two-factor/enable-email";
import { issueEmailCode } from "@/lib/two-factor/issue-email-code";
import { resendEmailSetupCode } from "@/lib/two-factor/resend-email-setup-code";
import { sendSignInEmailCode } from "@/lib/two-factor/send-sign-in-email-code";
import { startEmailSetup } from "@/lib/two-factor/start-email-setup";
import { verifyEmailCode } from "@/lib/two-factor/verify-email-code";
import { recordConsole } from "@/tests/support/console";
import { createTestUser } from "@/tests/support/create-test-user";
import { useSmtpSink, verificationCodeIn, whileMailServerDown } from "@/tests/support/mail";
import { createSignedInSession, later, SECOND, TEST_CONTEXT } from "@/tests/support/two-factor-fixtures";

const sink = useSmtpSink();

/** The code in the newest mail to `email`, read as a user would. */
async function latestCode(email: string): Promise<string> {
  return verificationCodeIn((await sink().waitForMail(email)).text);
}

function otherCode(code: string): string {
  return String((Number(code) + 1) % 1_000_000).padStart(6, "0");
}

/** verifyEmailCode on its own: what the code unlocks here is just "verified". */
function checkCode(userId: string, purpose: EmailCodePurpose, code: string, now?: Date) {
  return verifyEmailCode({ userId, purpose, code, now, onVerified: async () => "verified" });
}

async function userWithGrant(now = new Date()) {
  const { user } = await createTestUser();
  const session = await createSignedInSession(user.id, later(now, 60 * 60 * SECOND));
  await db.passwordGrant.create({
    data: {
      userId: user.id,
      sessionId: session.id,
      purpose: "enable_method",
      method: "email",
      expiresAt: later(now, 5 * 60 * SECOND),
    },
  });
  return { user, sessionId: session.id };
}

/** A user on the code step of the email setup: password confirmed, enrolment code mailed at `now`. */
async function userOnCodeStep(now = new Date()) {
  const { user, sessionId } = await userWithGrant(now);
  await startEmailSetup({ user, sessionId, now });
  return { user, sessionId, code: await latestCode(user.email) };
}

function refusedWith(code: string) {
  return expect.objectContaining({ name: "TwoFactorError", code });
}

describe("email codes: delivery and storage", () => {
  it("the code arrives by SMTP with its validity and advice, and the subject does not contain it", async () => {
    const { user, code } = await userOnCodeStep();
    const received = await sink().waitForMail(user.email);

    expect(received.subject).toBe("Your verification code");
    expect(received.subject).not.toContain(code);
    expect(received.text).toContain(`Verification code: ${code}`);
    expect(received.html).toContain(`>${code}</p>`);
    expect(received.text).toContain("valid for 10 minutes");
    expect(received.text).toContain("If you did not ask for this code");
    expect(received.text).toContain("change your password");
    expect(received.text).toContain("turn on two-factor authentication by email");
  });

  it("the code is stored only as a keyed hash bound to user and purpose", async () => {
    const { user, code } = await userOnCodeStep();
    const rows = await db.emailCode.findMany({ where: { userId: user.id } });

    expect(rows).toHaveLength(1);
    const [row] = rows;
    expect(JSON.stringify(row)).not.toContain(code);
    expect(row?.codeHash).not.toBe(createHash("sha256").update(code).digest("hex"));
    expect(row?.codeHash).not.toBe(createHash("sha256").update(code).digest("base64url"));
    expect(row?.codeHash).toBe(keyedHash(`email-code:enrolment:${user.id}`, code));
  });

  it("the code never appears in logs", async () => {
    const logged = recordConsole();
    try {
      const { user, sessionId, code } = await userOnCodeStep();
      // Notification mail fails, so its error path logs too.
      await whileMailServerDown(() => enableEmailMethod({ userId: user.id, sessionId, code, context: TEST_CONTEXT }));
      expect(logged.count()).toBeGreaterThan(0);
      expect(logged.text()).not.toContain(code);
    } finally {
      logged.restore();
    }
  });
});

describe("email codes: validity", () => {
  it("an expired code is refused (10 minutes and 1 second later)", async () => {
    const sentAt = new Date();
    const { user, code } = await userOnCodeStep(sentAt);

    await expect(checkCode(user.id, "enrolment", code, later(sentAt, EMAIL_CODE_LIFETIME_MS + SECOND))).rejects.toEqual(
      refusedWith("CODE_EXPIRED"),
    );
    await expect(checkCode(user.id, "enrolment", code, later(sentAt, EMAIL_CODE_LIFETIME_MS - SECOND))).resolves.toBe("verified");
  });

  it("a code is single use: a reused code is refused", async () => {
    const { user, code } = await userOnCodeStep();

    await checkCode(user.id, "enrolment", code);
    await expect(checkCode(user.id, "enrolment", code)).rejects.toEqual(refusedWith("NO_LIVE_CODE"));
  });

  it("a code is single use under races: 10 parallel checks of the right code, exactly one passes", async () => {
    const { user, code } = await userOnCodeStep();

    const results = await Promise.allSettled(Array.from({ length: 10 }, () => checkCode(user.id, "enrolment", code)));

    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
  });

  it("spaces in the entered code are ignored; anything but six digits is refused", async () => {
    const { user, code } = await userOnCodeStep();

    await expect(checkCode(user.id, "enrolment", `${code}0`)).rejects.toEqual(refusedWith("INVALID_CODE"));
    await checkCode(user.id, "enrolment", ` ${code.slice(0, 3)} ${code.slice(3)} `);
  });

  it("a resend voids the old code: the old code is refused, the new one works", async () => {
    const sentAt = new Date();
    const { user, code: oldCode } = await userOnCodeStep(sentAt);
    await resendEmailSetupCode({ user, now: later(sentAt, EMAIL_CODE_RESEND_COOLDOWN_MS) });
    const newCode = await latestCode(user.email);
    expect(newCode).not.toBe(oldCode);
    expect(await db.emailCode.count({ where: { userId: user.id, endedAt: null } })).toBe(1);

    const checkedAt = later(sentAt, EMAIL_CODE_RESEND_COOLDOWN_MS + SECOND);
    await expect(checkCode(user.id, "enrolment", oldCode, checkedAt)).rejects.toEqual(refusedWith("INVALID_CODE"));
    await expect(checkCode(user.id, "enrolment", newCode, checkedAt)).resolves.toBe("verified");
  });
});

describe("email codes: binding to user and purpose", () => {
  it("an enrolment code is refused for sign-in and a sign-in code for enrolment", async () => {
    const sentAt = new Date();
    const { user, code: enrolmentCode } = await userOnCodeStep(sentAt);
    // One code mail per user per minute, whatever its purpose.
    await issueEmailCode({ user, purpose: "sign_in", now: later(sentAt, EMAIL_CODE_RESEND_COOLDOWN_MS) });
    const signInCode = await latestCode(user.email);

    await expect(checkCode(user.id, "sign_in", enrolmentCode)).rejects.toEqual(refusedWith("INVALID_CODE"));
    await expect(checkCode(user.id, "enrolment", signInCode)).rejects.toEqual(refusedWith("INVALID_CODE"));
    // Each still works for its own purpose.
    await checkCode(user.id, "sign_in", signInCode);
    await checkCode(user.id, "enrolment", enrolmentCode);
  });

  it("another user's code is refused", async () => {
    const first = await userOnCodeStep();
    const second = await userOnCodeStep();

    await expect(checkCode(second.user.id, "enrolment", first.code)).rejects.toEqual(refusedWith("INVALID_CODE"));
    await expect(checkCode(first.user.id, "enrolment", second.code)).rejects.toEqual(refusedWith("INVALID_CODE"));
  });
});

describe("email codes: wrong tries", () => {
  it("5 wrong tries kill the code: even the right code fails afterwards", async () => {
    const { user, code } = await userOnCodeStep();
    const wrong = otherCode(code);

    for (let attempt = 1; attempt <= 4; attempt += 1) {
      await expect(checkCode(user.id, "enrolment", wrong)).rejects.toEqual(refusedWith("INVALID_CODE"));
    }
    await expect(checkCode(user.id, "enrolment", wrong)).rejects.toEqual(refusedWith("CODE_USED_UP"));
    await expect(checkCode(user.id, "enrolment", code)).rejects.toEqual(refusedWith("CODE_USED_UP"));
    expect(await db.emailCode.count({ where: { userId: user.id, endedAt: null } })).toBe(0);
  });

  it("a resend does not reset the failure count (4 wrong, resend, 1 wrong: dead)", async () => {
    const sentAt = new Date();
    const { user, code } = await userOnCodeStep(sentAt);
    for (let attempt = 1; attempt <= 4; attempt += 1) {
      await expect(checkCode(user.id, "enrolment", otherCode(code), sentAt)).rejects.toEqual(refusedWith("INVALID_CODE"));
    }
    const resentAt = later(sentAt, EMAIL_CODE_RESEND_COOLDOWN_MS);
    await resendEmailSetupCode({ user, now: resentAt });
    const newCode = await latestCode(user.email);

    await expect(checkCode(user.id, "enrolment", otherCode(newCode), resentAt)).rejects.toEqual(refusedWith("CODE_USED_UP"));
    await expect(checkCode(user.id, "enrolment", newCode, resentAt)).rejects.toEqual(refusedWith("CODE_USED_UP"));
  });

  it("failed attempts count in the session's limiter shared with its password confirmations: then THROTTLED, even with the right code", async () => {
    const now = new Date();
    const { user, sessionId, code } = await userOnCodeStep(now);
    // Four wrong passwords (or codes) earlier in this session.
    for (let attempt = 1; attempt <= 4; attempt += 1) await reserveAttempt(sessionCounter(sessionId), now);

    await expect(enableEmailMethod({ userId: user.id, sessionId, code: otherCode(code), context: TEST_CONTEXT, now })).rejects.toEqual(refusedWith("INVALID_CODE"));
    await expect(enableEmailMethod({ userId: user.id, sessionId, code, context: TEST_CONTEXT, now })).rejects.toMatchObject({
      name: "AuthError",
      code: "THROTTLED",
      retryAt: later(now, 30 * SECOND),
    });
    expect(await db.twoFactorMethod.count({ where: { userId: user.id } })).toBe(0);
  });
});

describe("email codes: resend", () => {
  it("resend cooldown: within 60 s RESEND_COOLDOWN with retryAt and no mail; after 60 s it works", async () => {
    const sentAt = new Date();
    const { user } = await userOnCodeStep(sentAt);
    const mailsBefore = sink().mailsTo(user.email).length;

    await expect(resendEmailSetupCode({ user, now: later(sentAt, 30 * SECOND) })).rejects.toEqual(
      expect.objectContaining({ code: "RESEND_COOLDOWN", details: { retryAt: later(sentAt, EMAIL_CODE_RESEND_COOLDOWN_MS) } }),
    );
    expect(sink().mailsTo(user.email)).toHaveLength(mailsBefore);

    const resent = await resendEmailSetupCode({ user, now: later(sentAt, EMAIL_CODE_RESEND_COOLDOWN_MS) });
    expect(resent.resendAvailableAt).toEqual(later(sentAt, 2 * EMAIL_CODE_RESEND_COOLDOWN_MS));
    expect(sink().mailsTo(user.email)).toHaveLength(mailsBefore + 1);
  });

  it("resend needs a setup under way (an enrolment code sent in the last 10 minutes)", async () => {
    const { user } = await createTestUser();
    await expect(resendEmailSetupCode({ user, now: new Date() })).rejects.toEqual(refusedWith("SETUP_REQUIRED"));

    const sentAt = new Date();
    const started = await userOnCodeStep(sentAt);
    await expect(resendEmailSetupCode({ user: started.user, now: later(sentAt, EMAIL_CODE_LIFETIME_MS + SECOND) })).rejects.toEqual(
      refusedWith("SETUP_REQUIRED"),
    );
  });
});

describe("email setup: password grant and mail failures", () => {
  it("setup without a password grant is refused (GRANT_REQUIRED) and mails nothing", async () => {
    const { user } = await createTestUser();
    const session = await createSignedInSession(user.id);

    await expect(startEmailSetup({ user, sessionId: session.id })).rejects.toEqual(refusedWith("GRANT_REQUIRED"));
    expect(sink().mailsTo(user.email)).toHaveLength(0);
    expect(await db.emailCode.count({ where: { userId: user.id } })).toBe(0);
  });

  it("the grant is used once: a second start on the same grant is refused", async () => {
    const now = new Date();
    const { user, sessionId } = await userOnCodeStep(now);

    await expect(startEmailSetup({ user, sessionId, now: later(now, EMAIL_CODE_RESEND_COOLDOWN_MS) })).rejects.toEqual(
      refusedWith("GRANT_REQUIRED"),
    );
  });

  it("SMTP server down: MailDeliveryError, nothing enabled, no live code, and the grant still works for a retry", async () => {
    const now = new Date();
    const { user, sessionId } = await userWithGrant(now);

    await expect(whileMailServerDown(() => startEmailSetup({ user, sessionId, now }))).rejects.toBeInstanceOf(
      MailDeliveryError,
    );
    expect(await db.twoFactorMethod.count({ where: { userId: user.id } })).toBe(0);
    expect(await db.emailCode.count({ where: { userId: user.id } })).toBe(0);
    expect(await db.passwordGrant.count({ where: { userId: user.id, consumedAt: null } })).toBe(1);

    // The server is back: the user retries without re-entering the password, and no cooldown holds them back.
    await startEmailSetup({ user, sessionId, now });
    const code = await latestCode(user.email);
    await expect(enableEmailMethod({ userId: user.id, sessionId, code, context: TEST_CONTEXT, now })).resolves.toMatchObject({ becamePrimary: true });
  });

  it("a resend that cannot be mailed leaves the earlier code working and starts no cooldown", async () => {
    const sentAt = new Date();
    const resendAt = later(sentAt, EMAIL_CODE_RESEND_COOLDOWN_MS);
    const first = await userOnCodeStep(sentAt);
    const second = await userOnCodeStep(sentAt);
    for (const { user } of [first, second]) {
      await expect(whileMailServerDown(() => resendEmailSetupCode({ user, now: resendAt }))).rejects.toBeInstanceOf(
        MailDeliveryError,
      );
    }

    await expect(checkCode(first.user.id, "enrolment", first.code, resendAt)).resolves.toBe("verified");
    await expect(resendEmailSetupCode({ user: second.user, now: later(resendAt, SECOND) })).resolves.toMatchObject({
      resendAvailableAt: later(resendAt, SECOND + EMAIL_CODE_RESEND_COOLDOWN_MS),
    });
  });
});

describe("enableEmailMethod", () => {
  it("the first method becomes primary, the security event is recorded without the code, the notice is mailed", async () => {
    const now = new Date();
    const { user, sessionId, code } = await userOnCodeStep(now);
    await reserveAttempt(sessionCounter(sessionId), now);

    const result = await enableEmailMethod({ userId: user.id, sessionId, code, context: TEST_CONTEXT, now });

    expect(result).toEqual({ becamePrimary: true, notificationSent: true, recoveryCodes: expect.any(Array) });
    const stored = await db.user.findUniqueOrThrow({ where: { id: user.id }, include: { twoFactorMethods: true } });
    expect(stored.primaryTwoFactorType).toBe("email");
    expect(stored.twoFactorMethods.map((method) => method.type)).toEqual(["email"]);
    const events = await db.securityEvent.findMany({ where: { userId: user.id }, orderBy: { type: "asc" } });
    expect(events).toEqual([
      expect.objectContaining({ type: "two_factor_enabled", method: "email", ipAddress: TEST_CONTEXT.ipAddress }),
      expect.objectContaining({ type: "recovery_codes_generated", method: null }),
    ]);
    expect(JSON.stringify(events)).not.toContain(code);
    const notice = await sink().waitForMail(user.email);
    expect(notice.subject).toBe("Email verification turned on");
    expect(notice.text).toContain("If this was not you");
    expect(await db.attemptCounter.findUnique({ where: { key: sessionCounter(sessionId).key } })).toBeNull();
  });

  it("a second method does not take over the primary", async () => {
    const now = new Date();
    const { user, sessionId, code } = await userOnCodeStep(now);
    await db.twoFactorMethod.create({ data: { userId: user.id, type: "totp", totpSecretEncrypted: "k:iv:tag:ct" } });
    await db.user.update({ where: { id: user.id }, data: { primaryTwoFactorType: "totp" } });

    await expect(enableEmailMethod({ userId: user.id, sessionId, code, context: TEST_CONTEXT, now })).resolves.toMatchObject({ becamePrimary: false });
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).primaryTwoFactorType).toBe("totp");
  });

  it("nothing is enabled until a code verifies, and an enabled method refuses a new setup", async () => {
    const now = new Date();
    const { user, sessionId } = await userOnCodeStep(now);
    expect(await db.twoFactorMethod.count({ where: { userId: user.id } })).toBe(0);
    await enableEmailMethod({ userId: user.id, sessionId, code: await latestCode(user.email), context: TEST_CONTEXT, now });

    await db.passwordGrant.create({
      data: { userId: user.id, sessionId, purpose: "enable_method", method: "email", expiresAt: later(now, 5 * 60 * SECOND) },
    });
    await expect(startEmailSetup({ user, sessionId, now })).rejects.toEqual(refusedWith("ALREADY_ENABLED"));
  });

  it("10 parallel requests with the right code: exactly one succeeds", async () => {
    const now = new Date();
    const { user, sessionId, code } = await userOnCodeStep(now);

    const results = await Promise.allSettled(
      Array.from({ length: 10 }, () => enableEmailMethod({ userId: user.id, sessionId, code, context: TEST_CONTEXT, now })),
    );

    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
    expect(await db.twoFactorMethod.count({ where: { userId: user.id } })).toBe(1);
    expect(await db.securityEvent.count({ where: { userId: user.id, type: "two_factor_enabled" } })).toBe(1);
  });
});

describe("sign-in codes", () => {
  it("need an active email method (NOT_ENABLED otherwise)", async () => {
    const { user } = await createTestUser();
    await expect(sendSignInEmailCode({ userId: user.id })).rejects.toEqual(refusedWith("NOT_ENABLED"));
    expect(sink().mailsTo(user.email)).toHaveLength(0);
  });

  it("are mailed for the sign-in purpose, with the cooldown, and a used code does not hold back the next sign-in", async () => {
    const now = new Date();
    const { user } = await createTestUser();
    await db.twoFactorMethod.create({ data: { userId: user.id, type: "email" } });

    await expect(sendSignInEmailCode({ userId: user.id, now })).resolves.toMatchObject({ sent: true });
    const received = await sink().waitForMail(user.email);
    expect(received.text).toContain("finish signing in");
    // Shown again within the cooldown: nothing is sent, the first code still works.
    await expect(sendSignInEmailCode({ userId: user.id, now: later(now, 10 * SECOND) })).resolves.toEqual({
      sent: false,
      resendAvailableAt: later(now, EMAIL_CODE_RESEND_COOLDOWN_MS),
    });
    expect(sink().mailsTo(user.email)).toHaveLength(1);

    await checkCode(user.id, "sign_in", await latestCode(user.email), later(now, 20 * SECOND));
    await expect(sendSignInEmailCode({ userId: user.id, now: later(now, 30 * SECOND) })).resolves.toMatchObject({
      sent: true,
    });
  });
});
