/**
 * Forgot password and /reset-password: the answer tells nobody which addresses
 * have a user, the link is single-use, short-lived and bound to the password it
 * replaces, and a user with 2FA never gets a new password from the mailbox alone.
 */
import { describe, expect, it, vi } from "vitest";
import { FREE_ATTEMPTS, secondFactorCounter } from "@/lib/auth/attempt-limiter";
import { changePassword } from "@/lib/auth/change-password";
import { completeSignInWithCode } from "@/lib/auth/complete-sign-in-with-code";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import { PASSWORD_RESET_LINK_LIFETIME_MS } from "@/lib/auth/password-reset-link";
import { MAILS_PER_ADDRESS, mailsPerClient } from "@/lib/auth/claim-address-mail";
import { requestPasswordReset } from "@/lib/auth/request-password-reset";
import { resetPassword, type ResetSecondFactor } from "@/lib/auth/reset-password";
import { getResetPasswordPageData } from "@/lib/auth/reset-password-page-data";
import { signInWithPassword } from "@/lib/auth/sign-in-with-password";
import { db } from "@/lib/db";
import { configureMailer } from "@/lib/mail/send-mail";
import { runDeferred } from "@/tests/support/next-request";
import { createTestUser } from "@/tests/support/create-test-user";
import { useSmtpSink } from "@/tests/support/mail";
import { form, freshClient } from "@/tests/support/public-requests";
import { startSilentTcpServer } from "@/tests/support/smtp-sink";
import {
  createSignedInSession,
  createTrustedBrowser,
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

vi.mock("next/headers", () => import("@/tests/support/next-request").then((request) => request.nextHeaders));
vi.mock("next/cache", () => import("@/tests/support/next-request").then((request) => request.nextCache));
vi.mock("next/server", (original) => import("@/tests/support/next-request").then((request) => request.nextServer(original)));

const sink = useSmtpSink();
const NEW_PASSWORD = "a brand new passphrase";
const MINUTE = 60 * SECOND;

/** The link's token as the user would read it in the mail. */
function tokenInMail(text: string): string {
  const token = /\/reset-password\?token=([A-Za-z0-9_-]+)/.exec(text)?.[1];
  if (!token) throw new Error("No reset link in the mail");
  return token;
}

/** Send reset link for `email`, and the mail's token once it has gone out. */
async function mailedResetToken(email: string, now = new Date(), context = freshClient()): Promise<string> {
  const { deliver } = await requestPasswordReset({ email, context, now });
  await deliver();
  const mail = sink().mailsTo(email).findLast((message) => message.subject === "Reset your password");
  if (!mail) throw new Error(`No reset mail to ${email}`);
  return tokenInMail(mail.text);
}

async function passwordIs(userId: string, password: string): Promise<boolean> {
  const { passwordHash } = await db.user.findUniqueOrThrow({ where: { id: userId } });
  return passwordHash !== null && (await verifyPassword(passwordHash, password));
}

function reset(token: string, secondFactor?: ResetSecondFactor, now?: Date) {
  return resetPassword({ token, newPassword: NEW_PASSWORD, secondFactor, context: TEST_CONTEXT, now });
}

describe("Send reset link tells nobody which addresses have a user", () => {
  it("gives the same answer for a user's address and an unknown one, and only the user gets a mail, after the answer", async () => {
    const { requestPasswordResetAction } = await import("@/app/(auth)/actions");
    const { email } = await createTestUser();
    const unknown = `nobody-${Date.now()}@example.test`;

    const known = await requestPasswordResetAction(null, form({ email }));
    const stranger = await requestPasswordResetAction(null, form({ email: unknown }));
    expect({ ...known, email: "typed" }).toEqual({ ...stranger, email: "typed" });
    expect(known).toEqual({ ok: true, email });

    // Until the answer is out, nothing about either address was looked up or written.
    expect(await db.passwordResetLink.count()).toBe(0);
    expect(sink().mailsTo(email)).toHaveLength(0);

    await runDeferred();
    expect(await db.passwordResetLink.count()).toBe(1);
    expect((await sink().waitForMail(email)).subject).toBe("Reset your password");
    expect(sink().mailsTo(unknown)).toHaveLength(0);
  });

  it("answers before the mail is sent, so a slow mail server cannot tell a user's address from an unknown one", async () => {
    const { requestPasswordResetAction } = await import("@/app/(auth)/actions");
    const { email } = await createTestUser();
    const hanging = await startSilentTcpServer();
    const previous = configureMailer({ smtpUrl: hanging.url, greetingTimeoutMs: 3_000, connectionTimeoutMs: 3_000 });
    vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      const started = performance.now();
      expect(await requestPasswordResetAction(null, form({ email }))).toMatchObject({ ok: true });
      // Sending inline would wait for the mail server's 3 s greeting timeout.
      expect(performance.now() - started).toBeLessThan(1_500);
      await runDeferred();
    } finally {
      configureMailer(previous);
      await hanging.close();
    }
  });

  it("throttles an unknown address exactly like a user's", async () => {
    const { email } = await createTestUser();
    const unknown = `nobody-${Date.now()}@example.test`;
    for (const address of [email, unknown]) {
      for (let i = 0; i < MAILS_PER_ADDRESS.limit; i++) {
        await requestPasswordReset({ email: address, context: freshClient() });
      }
      const limited = await expectAuthError(requestPasswordReset({ email: address, context: freshClient() }), "MAILS_LIMITED");
      expect(limited.retryAt!.getTime()).toBeGreaterThan(Date.now());
    }
  });
});

describe("throttling in the database", () => {
  it("holds per address across two parallel bursts from different clients", async () => {
    const { email } = await createTestUser();
    const burst = () =>
      Array.from({ length: 8 }, () => requestPasswordReset({ email, context: freshClient() }).then(() => "sent", () => "limited"));
    const answers = await Promise.all([...burst(), ...burst()]);
    expect(answers.filter((answer) => answer === "sent")).toHaveLength(MAILS_PER_ADDRESS.limit);
  });

  it("holds per client address across two parallel bursts for different addresses", async () => {
    const client = freshClient();
    const burst = (label: string) =>
      Array.from({ length: mailsPerClient().limit }, (_, i) =>
        requestPasswordReset({ email: `${label}-${i}@example.test`, context: client }).then(() => "sent", () => "limited"),
      );
    const answers = await Promise.all([...burst("first"), ...burst("second")]);
    expect(answers.filter((answer) => answer === "sent")).toHaveLength(mailsPerClient().limit);
  });
});

describe("the reset link", () => {
  it("works once", async () => {
    const { user, email } = await createTestUser();
    const token = await mailedResetToken(email);
    const { passwordHash: oldHash } = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    await reset(token);
    expect(await passwordIs(user.id, NEW_PASSWORD)).toBe(true);
    // The very hash the link was bound to, put back: only the link's single use stands in the way now.
    await db.user.update({ where: { id: user.id }, data: { passwordHash: oldHash } });
    await expectAuthError(reset(token), "RESET_LINK_INVALID");
    expect(await passwordIs(user.id, NEW_PASSWORD)).toBe(false);
  });

  it("lets only one of two parallel submissions through", async () => {
    const { user, email } = await createTestUser();
    const token = await mailedResetToken(email);
    const results = await Promise.allSettled([
      resetPassword({ token, newPassword: "first parallel password", context: TEST_CONTEXT }),
      resetPassword({ token, newPassword: "second parallel password", context: TEST_CONTEXT }),
    ]);
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
    const winner = results[0]!.status === "fulfilled" ? "first parallel password" : "second parallel password";
    expect(await passwordIs(user.id, winner)).toBe(true);
  });

  it("dies after 30 minutes", async () => {
    const { user, email } = await createTestUser();
    const sentAt = new Date();
    const token = await mailedResetToken(email, sentAt);
    await expectAuthError(reset(token, undefined, later(sentAt, PASSWORD_RESET_LINK_LIFETIME_MS + SECOND)), "RESET_LINK_INVALID");
    expect(await getResetPasswordPageData(token, undefined)).not.toBeNull();
    await reset(token, undefined, later(sentAt, 29 * MINUTE));
    expect(await passwordIs(user.id, NEW_PASSWORD)).toBe(true);
  });

  it("dies when the password changes, by Change password or any other way", async () => {
    const { user, email, password } = await createTestUser();
    const session = await createSignedInSession(user.id);
    const changedByTheUser = await mailedResetToken(email);
    await changePassword({
      userId: user.id,
      currentSessionId: session.id,
      currentPassword: password!,
      newPassword: "changed on the security page",
      context: TEST_CONTEXT,
    });
    await expectAuthError(reset(changedByTheUser), "RESET_LINK_INVALID");

    // Bound to the password it replaces: even a change that touches no link kills it.
    const changedElsewhere = await mailedResetToken(email);
    await db.user.update({ where: { id: user.id }, data: { passwordHash: await hashPassword("changed some other way") } });
    await expectAuthError(reset(changedElsewhere), "RESET_LINK_INVALID");
    expect(await getResetPasswordPageData(changedElsewhere, undefined)).toBeNull();
    expect(await passwordIs(user.id, "changed some other way")).toBe(true);
  });

  it("is refused when forged or another kind of token", async () => {
    await expectAuthError(reset("not-a-token-we-sent"), "RESET_LINK_INVALID");
    await expectAuthError(reset("x".repeat(5_000)), "RESET_LINK_INVALID");
  });
});

describe("a reset ends everything the old password opened", () => {
  it("ends every session, pending sign-in, trusted browser and other reset link, records the event and mails the user", async () => {
    const { user, email, password, totpSecret } = await createTwoFactorUser({ methods: ["totp"] });
    await createSignedInSession(user.id);
    await createSignedInSession(user.id);
    await createTrustedBrowser(user.id);
    const pendingSignInToken = await pendingSignInFor(user, password);
    const otherLink = await mailedResetToken(email);
    const token = await mailedResetToken(email);
    const now = midStep();

    await reset(token, { method: "totp", code: totpCodeAt(totpSecret, now) }, now);

    expect(await sessionCount(user.id)).toBe(0);
    expect(await db.trustedBrowser.count({ where: { userId: user.id } })).toBe(0);
    await expectTwoFactorError(
      completeSignInWithCode({ pendingSignInToken, method: "totp", code: totpCodeAt(totpSecret, now, 1), context: TEST_CONTEXT, now }),
      "SIGN_IN_EXPIRED",
    );
    await expectAuthError(reset(otherLink, { method: "totp", code: totpCodeAt(totpSecret, now, 1) }, now), "RESET_LINK_INVALID");
    const events = await db.securityEvent.findMany({ where: { userId: user.id }, select: { type: true } });
    expect(events.map((event) => event.type)).toEqual(expect.arrayContaining(["password_reset", "trusted_browsers_removed"]));
    const mail = await sink().waitForMail(email);
    expect(mail.subject).toBe("Your password was reset");
    expect(mail.text).toContain("All 2 signed-in sessions were signed out");
    expect(mail.text).toContain("trusted browsers end with this change");
    expect((await signInWithPassword(email, NEW_PASSWORD, freshClient())).kind).toBe("second-factor-required");
  });
});

describe("a user with two-factor authentication", () => {
  it("keeps the password without the second factor, and a wrong code changes nothing", async () => {
    const { user, email, password, totpSecret } = await createTwoFactorUser({ methods: ["totp"] });
    await createSignedInSession(user.id);
    const token = await mailedResetToken(email);
    const now = midStep();

    await expectAuthError(reset(token, undefined, now), "SECOND_FACTOR_REQUIRED");
    await expectTwoFactorError(reset(token, { method: "totp", code: wrongTotpCode(totpSecret, now) }, now), "INVALID_CODE");
    expect(await passwordIs(user.id, password)).toBe(true);
    expect(await sessionCount(user.id)).toBe(1);

    await reset(token, { method: "totp", code: totpCodeAt(totpSecret, now) }, now);
    expect(await passwordIs(user.id, NEW_PASSWORD)).toBe(true);
  });

  it("cannot answer with an emailed code: it would come to the mailbox the link went to", async () => {
    const { user, email, password } = await createTwoFactorUser({ methods: ["email"] });
    await giveRecoveryCodes(user.id);
    const token = await mailedResetToken(email);
    await expectTwoFactorError(reset(token, { method: "email", code: "123456" }), "NOT_ENABLED");
    expect(await passwordIs(user.id, password)).toBe(true);

    const page = await getResetPasswordPageData(token, "email");
    expect(page?.secondFactor).toMatchObject({ asked: "recovery", otherWays: [], notAccepted: ["email"] });
  });

  it("can answer with a recovery code, which is then used up", async () => {
    const { user, email } = await createTwoFactorUser({ methods: ["email", "totp"], primary: "email" });
    const [code] = await giveRecoveryCodes(user.id);
    const token = await mailedResetToken(email);
    expect((await getResetPasswordPageData(token, undefined))?.secondFactor).toMatchObject({
      asked: "totp",
      otherWays: ["recovery"],
      notAccepted: ["email"],
    });

    await reset(token, { recoveryCode: code! });
    expect(await passwordIs(user.id, NEW_PASSWORD)).toBe(true);
    expect(await db.recoveryCode.count({ where: { userId: user.id, usedAt: null } })).toBe(9);
    // The mail says so, with the count left, as the sign-in's mail does; it never holds the code.
    const mail = sink().mailsTo(email).findLast((message) => message.subject === "Your password was reset");
    expect(mail?.text).toContain("A recovery code was used as the second factor of this reset. 9 recovery codes left");
    expect(mail?.text).not.toContain(code!);
  });

  it("a reset answered with a method's code says nothing of recovery codes", async () => {
    const { user, email, totpSecret } = await createTwoFactorUser({ methods: ["totp"] });
    await giveRecoveryCodes(user.id);
    const token = await mailedResetToken(email);
    await reset(token, { method: "totp", code: totpCodeAt(totpSecret, new Date()) });
    const mail = sink().mailsTo(email).findLast((message) => message.subject === "Your password was reset");
    expect(mail?.text).toContain("The password of your customer area user was reset");
    expect(mail?.text).not.toContain("recovery code");
  });

  it("gets no extra guesses: wrong codes at a reset and at sign-in share the per-user limit", async () => {
    const { user, email, password, totpSecret } = await createTwoFactorUser({ methods: ["totp"] });
    const now = midStep();
    const pendingSignInToken = await pendingSignInFor(user, password);
    for (let i = 0; i < FREE_ATTEMPTS - 1; i++) {
      await expectTwoFactorError(
        completeSignInWithCode({ pendingSignInToken, method: "totp", code: wrongTotpCode(totpSecret, now), context: TEST_CONTEXT, now }),
        "INVALID_CODE",
      );
    }
    const token = await mailedResetToken(email);
    await expectTwoFactorError(reset(token, { method: "totp", code: wrongTotpCode(totpSecret, now) }, now), "INVALID_CODE");
    const counter = await db.attemptCounter.findUnique({ where: { key: secondFactorCounter(user.id).key } });
    expect(counter?.attempts).toBe(FREE_ATTEMPTS);

    // The limit holds the reset too, even for the right code, and nothing changes.
    await expectAuthError(reset(token, { method: "totp", code: totpCodeAt(totpSecret, now) }, now), "THROTTLED");
    expect(await passwordIs(user.id, password)).toBe(true);
    const blocked = await db.securityEvent.findMany({ where: { userId: user.id, type: { in: ["code_failed", "attempts_blocked"] } } });
    expect(blocked.length).toBeGreaterThan(0);
  });
});
