import { describe, expect, it, vi } from "vitest";
import { AuthError } from "@/lib/auth/auth-error";
import { MAILS_PER_ADDRESS } from "@/lib/auth/claim-address-mail";
import { requestPasswordReset } from "@/lib/auth/request-password-reset";
import { startSignUp } from "@/lib/auth/start-sign-up";
import { barrier } from "@/tests/support/barriers";
import { signInWithPassword } from "@/lib/auth/sign-in-with-password";
import { db } from "@/lib/db";
import { EMAIL_CODE_RESEND_COOLDOWN_MS } from "@/lib/two-factor/email-code-format";
import { resendEmailSetupCode } from "@/lib/two-factor/resend-email-setup-code";
import { sendSignInEmailCode } from "@/lib/two-factor/send-sign-in-email-code";
import { startEmailSetup } from "@/lib/two-factor/start-email-setup";
import {
  addUser,
  INVITATIONS_PER_ACCOUNT_PER_HOUR,
  INVITATIONS_PER_ADDRESS_PER_HOUR,
  INVITATIONS_PER_OWNER_PER_HOUR,
} from "@/lib/users/add-user";
import { createOwner, createTestUser, freshEmail } from "@/tests/support/create-test-user";
import { useSmtpSink, whileMailServerDown } from "@/tests/support/mail";
import { createSignedInSession, createTwoFactorUser, later, TEST_CONTEXT } from "@/tests/support/two-factor-fixtures";

const sink = useSmtpSink();

describe("the app mails at most one code per user per cooldown window, whatever the parallelism", () => {
  it("20 parallel 'send code' calls at sign-in deliver one mail", async () => {
    const { user } = await createTwoFactorUser({ methods: ["email"] });
    const results = await Promise.all(Array.from({ length: 20 }, () => sendSignInEmailCode({ userId: user.id })));
    expect(results.filter((result) => result.sent)).toHaveLength(1);
    expect(sink().mailsTo(user.email)).toHaveLength(1);
  });

  it("10 pending sign-ins of one user, each asking for a code, deliver one mail", async () => {
    const { user, password } = await createTwoFactorUser({ methods: ["email"] });
    for (let i = 0; i < 10; i++) await signInWithPassword(user.email, password, TEST_CONTEXT);
    await Promise.all(Array.from({ length: 10 }, () => sendSignInEmailCode({ userId: user.id })));
    expect(sink().mailsTo(user.email)).toHaveLength(1);
  });

  it("20 parallel setup resends deliver one mail, and the cooldown holds for every purpose", async () => {
    const sentAt = new Date();
    const { user } = await createTestUser();
    const session = await createSignedInSession(user.id);
    await db.passwordGrant.create({
      data: { userId: user.id, sessionId: session.id, purpose: "enable_method", method: "email", expiresAt: later(sentAt, 60_000) },
    });
    await startEmailSetup({ user, sessionId: session.id, now: sentAt });
    const resendAt = later(sentAt, EMAIL_CODE_RESEND_COOLDOWN_MS);

    const results = await Promise.allSettled(
      Array.from({ length: 20 }, () => resendEmailSetupCode({ user, now: resendAt })),
    );
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
    expect(sink().mailsTo(user.email)).toHaveLength(2);
    await db.twoFactorMethod.create({ data: { userId: user.id, type: "totp" } });
    await db.twoFactorMethod.create({ data: { userId: user.id, type: "email" } });
    expect(await sendSignInEmailCode({ userId: user.id, now: later(resendAt, 1_000) })).toMatchObject({ sent: false });
    expect(sink().mailsTo(user.email)).toHaveLength(2);
  });

  it("a code mail that could not be sent does not hold back the next", async () => {
    const { user } = await createTwoFactorUser({ methods: ["email"] });
    vi.spyOn(console, "error").mockImplementation(() => {});
    await expect(whileMailServerDown(() => sendSignInEmailCode({ userId: user.id }))).rejects.toMatchObject({
      name: "MailDeliveryError",
    });
    expect(await sendSignInEmailCode({ userId: user.id })).toMatchObject({ sent: true });
    expect(sink().mailsTo(user.email)).toHaveLength(1);
  });
});

describe("invitations are limited per owner and per account, and carry no customer text in the subject", () => {
  const invitee = (label: string) => ({ name: "Invitee", email: freshEmail(label) });

  it(`an owner can send ${INVITATIONS_PER_OWNER_PER_HOUR} invitations an hour; the next is refused with the wait, and nothing is sent`, async () => {
    const owner = await createOwner();
    for (let i = 0; i < INVITATIONS_PER_OWNER_PER_HOUR; i++) await addUser(owner, invitee("ok"));
    const refused = invitee("refused");
    await expect(addUser(owner, refused)).rejects.toSatisfy(
      (error) => error instanceof AuthError && error.code === "INVITATIONS_LIMITED",
    );
    expect(sink().mailsTo(refused.email)).toHaveLength(0);
    expect(await db.user.count({ where: { email: refused.email } })).toBe(0);
  });

  it(`an account gets ${INVITATIONS_PER_ACCOUNT_PER_HOUR} invitations an hour, however many owners it has`, async () => {
    const first = await createOwner();
    const second = await createOwner(first.accountId);
    const third = await createOwner(first.accountId);
    for (let i = 0; i < INVITATIONS_PER_OWNER_PER_HOUR; i++) await addUser(first, invitee("first"));
    for (let i = 0; i < INVITATIONS_PER_ACCOUNT_PER_HOUR - INVITATIONS_PER_OWNER_PER_HOUR; i++) await addUser(second, invitee("second"));
    await expect(addUser(third, invitee("third"))).rejects.toSatisfy(
      (error) => error instanceof AuthError && error.code === "INVITATIONS_LIMITED",
    );
  });

  it("an invitation that could not be mailed does not use up the limit", async () => {
    const owner = await createOwner();
    vi.spyOn(console, "error").mockImplementation(() => {});
    const undelivered = Array.from({ length: INVITATIONS_PER_OWNER_PER_HOUR + 2 }, () => invitee("down"));
    for (const recipient of undelivered) {
      // Each one fails for the mail, never for the limit: the failed ones before it were not counted.
      await expect(whileMailServerDown(() => addUser(owner, recipient))).rejects.toMatchObject({ name: "MailDeliveryError" });
    }
    expect(await db.invitation.count({ where: { email: { in: undelivered.map((recipient) => recipient.email) } } })).toBe(0);

    // The owner's whole hourly limit is still there, and then it holds.
    for (let i = 0; i < INVITATIONS_PER_OWNER_PER_HOUR; i++) await addUser(owner, invitee("after"));
    await expect(addUser(owner, invitee("over"))).rejects.toSatisfy(
      (error) => error instanceof AuthError && error.code === "INVITATIONS_LIMITED",
    );
    // So is the account's: a second owner gets the rest of it.
    const colleague = await createOwner(owner.accountId);
    for (let i = 0; i < INVITATIONS_PER_ACCOUNT_PER_HOUR - INVITATIONS_PER_OWNER_PER_HOUR; i++) await addUser(colleague, invitee("rest"));
    await expect(addUser(colleague, invitee("over"))).rejects.toSatisfy(
      (error) => error instanceof AuthError && error.code === "INVITATIONS_LIMITED",
    );
  });

  it(`one address gets at most ${INVITATIONS_PER_ADDRESS_PER_HOUR} invitation mails an hour: 20 parallel adds from 3 accounts send ${INVITATIONS_PER_ADDRESS_PER_HOUR}, the rest are told a link was sent recently`, async () => {
    const owners = [await createOwner(), await createOwner(), await createOwner()];
    const target = invitee("target");
    const results = await Promise.allSettled(Array.from({ length: 20 }, (_, i) => addUser(owners[i % 3]!, target)));

    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(INVITATIONS_PER_ADDRESS_PER_HOUR);
    for (const result of results) {
      if (result.status === "rejected") expect(result.reason).toMatchObject({ name: "AuthError", code: "RECIPIENT_RECENTLY_MAILED" });
    }
    expect(sink().mailsTo(target.email)).toHaveLength(INVITATIONS_PER_ADDRESS_PER_HOUR);
    // Refused adds gave their owner's and account's uses back: each owner can still invite others.
    for (const owner of owners) await addUser(owner, invitee("other"));
  });

  it("past the address's ceiling, the link already sent keeps working and is not replaced", async () => {
    const owner = await createOwner();
    const target = invitee("kept");
    for (let i = 0; i < INVITATIONS_PER_ADDRESS_PER_HOUR; i++) await addUser(owner, target);
    const before = await db.invitation.findFirstOrThrow({ where: { accountId: owner.accountId, email: target.email } });
    await expect(addUser(owner, target)).rejects.toMatchObject({ code: "RECIPIENT_RECENTLY_MAILED" });
    const after = await db.invitation.findFirstOrThrow({ where: { accountId: owner.accountId, email: target.email } });
    expect(after.tokenHash).toBe(before.tokenHash);
    expect(sink().mailsTo(target.email)).toHaveLength(INVITATIONS_PER_ADDRESS_PER_HOUR);
  });

  it("one customer's free text never appears in a mail subject, and is plain, unlinked text in the body", async () => {
    const owner = await createOwner();
    const lure = "URGENT action required - see https://evil.test/login";
    await db.account.update({ where: { id: owner.accountId }, data: { name: lure } });
    const recipient = invitee("lure");
    await addUser({ ...owner, name: "Billing at evil.test", accountName: lure }, recipient);

    const [mail] = sink().mailsTo(recipient.email);
    expect(mail!.subject).toBe("You were added to the customer area");
    expect(mail!.subject).not.toMatch(/urgent|evil|billing/i);
    for (const body of [mail!.text, mail!.html]) {
      expect(body).not.toContain("https://evil.test");
      expect(body).not.toContain("evil.test");
      expect(body.replace(/\u200B/g, "")).toContain("https://evil.test/login");
    }
    expect(mail!.html.match(/<a /g)).toHaveLength(1);
    expect(mail!.html).toContain("/set-password?token=");
  });
});

describe("a stranger cannot turn the sign-up and reset forms into a mail cannon either", () => {
  it(`20 parallel sign-up and reset requests for one address, from 20 clients: ${MAILS_PER_ADDRESS.limit} mails in the hour, whichever form`, async () => {
    const { email } = await createTestUser();
    const start = barrier();
    const asks = Array.from({ length: 20 }, async (_, i) => {
      const context = { ipAddress: `198.51.100.${100 + i}`, userAgent: "curl" };
      await start.promise;
      const ask = i % 2 === 0 ? startSignUp({ email, context }) : requestPasswordReset({ email, context });
      return ask.then(() => "sent", (error: unknown) => (error instanceof AuthError && error.code === "MAILS_LIMITED" ? "limited" : error));
    });
    start.resolve();
    const answers = await Promise.all(asks);
    expect(answers.filter((answer) => answer === "sent")).toHaveLength(MAILS_PER_ADDRESS.limit);
    expect(answers.filter((answer) => answer === "limited")).toHaveLength(20 - MAILS_PER_ADDRESS.limit);
  });
});
