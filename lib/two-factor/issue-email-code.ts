import "server-only";
import { db } from "@/lib/db";
import type { EmailCodePurpose, Prisma } from "@/lib/generated/prisma/client";
import { emailCodeMail } from "@/lib/mail/messages/email-code";
import { sendMail } from "@/lib/mail/send-mail";
import {
  EMAIL_CODE_LIFETIME_MS,
  EMAIL_CODE_MAX_TRIES,
  EMAIL_CODE_RESEND_COOLDOWN_MS,
  emailCodeHash,
  generateEmailCode,
  type EmailCodeRecipient,
} from "@/lib/two-factor/email-code-format";
import { TwoFactorError } from "@/lib/two-factor/two-factor-error";

type CodeScope = { userId: string; purpose: EmailCodePurpose; now: Date };

/**
 * When the next code may be sent, or null if now. The newest code counts unless
 * it was used successfully (ended with fewer than the maximum failures: a voided
 * code is never the newest), so signing in twice in a minute is not held back.
 */
async function nextIssueAt({ userId, purpose, now }: CodeScope, client: Prisma.TransactionClient = db) {
  const newest = await client.emailCode.findFirst({
    where: { userId, purpose },
    orderBy: { createdAt: "desc" },
    select: { createdAt: true, endedAt: true, failedAttempts: true },
  });
  if (!newest || (newest.endedAt && newest.failedAttempts < EMAIL_CODE_MAX_TRIES)) return null;
  const availableAt = new Date(newest.createdAt.getTime() + EMAIL_CODE_RESEND_COOLDOWN_MS);
  return availableAt > now ? availableAt : null;
}

async function assertCooldownOver(scope: CodeScope, client?: Prisma.TransactionClient): Promise<void> {
  const retryAt = await nextIssueAt(scope, client);
  if (retryAt) throw new TwoFactorError("RESEND_COOLDOWN", { retryAt });
}

export type IssuedEmailCode = { expiresAt: Date; resendAvailableAt: Date };

export type IssueEmailCodeOptions = {
  user: EmailCodeRecipient;
  purpose: EmailCodePurpose;
  now?: Date;
  /**
   * Runs in the transaction that stores the code (start-email-setup consumes its
   * grant there); if it throws, the code is not stored and the mailed one is useless.
   */
  alsoInTransaction?: (tx: Prisma.TransactionClient) => Promise<void>;
};

/**
 * Mails a new code, then stores it. The mail goes first and outside any
 * transaction: if it fails (MailDeliveryError) nothing changes, the earlier code
 * stays as it was and the cooldown does not start.
 *
 * Throws RESEND_COOLDOWN (details.retryAt) or MailDeliveryError.
 */
export async function issueEmailCode({
  user,
  purpose,
  now = new Date(),
  alsoInTransaction,
}: IssueEmailCodeOptions): Promise<IssuedEmailCode> {
  const scope = { userId: user.id, purpose, now };
  await assertCooldownOver(scope);
  const code = generateEmailCode();
  const validMinutes = EMAIL_CODE_LIFETIME_MS / 60_000;
  await sendMail({ to: user.email, ...emailCodeMail({ name: user.name, code, purpose, validMinutes }) });

  const expiresAt = new Date(now.getTime() + EMAIL_CODE_LIFETIME_MS);
  await db.$transaction(async (tx) => {
    // Issuing for one user is serialised, so parallel sends cannot leave two live codes.
    await tx.$queryRaw`SELECT 1 FROM users WHERE id = ${user.id}::uuid FOR UPDATE`;
    await assertCooldownOver(scope, tx);
    await alsoInTransaction?.(tx);
    const earlier = await tx.emailCode.findMany({
      where: { userId: user.id, purpose, endedAt: null },
      select: { failedAttempts: true, expiresAt: true },
    });
    // Failures of a still-valid earlier code carry over: resending buys no extra guesses.
    const inheritedFailures = Math.max(0, ...earlier.filter((c) => c.expiresAt > now).map((c) => c.failedAttempts));
    await tx.emailCode.updateMany({ where: { userId: user.id, purpose, endedAt: null }, data: { endedAt: now } });
    await tx.emailCode.create({
      data: {
        userId: user.id,
        purpose,
        codeHash: emailCodeHash(user.id, purpose, code),
        failedAttempts: inheritedFailures,
        createdAt: now,
        expiresAt,
      },
    });
  });
  return { expiresAt, resendAvailableAt: new Date(now.getTime() + EMAIL_CODE_RESEND_COOLDOWN_MS) };
}

/** A code was mailed now (`sent`), or one went out within the cooldown and still works. */
export type EmailCodeSent = { sent: boolean; resendAvailableAt: Date };

/**
 * For a step that shows the code field (the email setup after `Confirm
 * password`, the sign-in step): within the cooldown of the last code, e.g. on a
 * reload or a reopened dialog, nothing is sent and that code still works.
 */
export async function issueEmailCodeUnlessRecent(options: IssueEmailCodeOptions): Promise<EmailCodeSent> {
  try {
    const { resendAvailableAt } = await issueEmailCode(options);
    return { sent: true, resendAvailableAt };
  } catch (error) {
    if (!(error instanceof TwoFactorError && error.code === "RESEND_COOLDOWN" && error.details.retryAt)) throw error;
    return { sent: false, resendAvailableAt: error.details.retryAt };
  }
}
