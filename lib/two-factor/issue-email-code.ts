import "server-only";
import { db } from "@/lib/db";
import type { EmailCodePurpose, Prisma } from "@/lib/generated/prisma/client";
import { emailCodeMail } from "@/lib/mail/messages/email-code";
import { sendMail } from "@/lib/mail/send-mail";
import { claimUse, RateLimited, releaseUse, resetUses } from "@/lib/rate-limit";
import {
  EMAIL_CODE_LIFETIME_MS,
  EMAIL_CODE_RESEND_COOLDOWN_MS,
  emailCodeHash,
  generateEmailCode,
  type EmailCodeRecipient,
} from "@/lib/two-factor/email-code-format";
import { TwoFactorError } from "@/lib/two-factor/two-factor-error";

/** One code mail per user per cooldown, whatever the purpose, the parallelism or the number of pending sign-ins. */
function codeMailKey(userId: string): string {
  return `code-mail:${userId}`;
}

/** A code was used: the cooldown it started no longer holds back the next (signing in twice in a minute). */
export function endCodeMailCooldown(userId: string, tx: Prisma.TransactionClient): Promise<void> {
  return resetUses(codeMailKey(userId), tx);
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
 * Claims the user's code-mail cooldown (atomically, in the database, so of
 * parallel requests on any app instance exactly one goes on), mails a new
 * code, then stores it. The mail goes outside any transaction: if it fails
 * (MailDeliveryError) the claim is released, nothing changes and the earlier
 * code stays as it was.
 *
 * Throws RESEND_COOLDOWN (details.retryAt) or MailDeliveryError.
 */
export async function issueEmailCode({
  user,
  purpose,
  now = new Date(),
  alsoInTransaction,
}: IssueEmailCodeOptions): Promise<IssuedEmailCode> {
  const key = codeMailKey(user.id);
  let claim;
  try {
    claim = await claimUse(key, { limit: 1, windowMs: EMAIL_CODE_RESEND_COOLDOWN_MS }, now);
  } catch (error) {
    if (error instanceof RateLimited) throw new TwoFactorError("RESEND_COOLDOWN", { retryAt: error.retryAt });
    throw error;
  }
  const code = generateEmailCode();
  const validMinutes = EMAIL_CODE_LIFETIME_MS / 60_000;
  try {
    await sendMail({ to: user.email, ...emailCodeMail({ name: user.name, code, purpose, validMinutes }) });
  } catch (error) {
    await releaseUse(key, claim);
    throw error;
  }

  const expiresAt = new Date(now.getTime() + EMAIL_CODE_LIFETIME_MS);
  await db.$transaction(async (tx) => {
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
  return { expiresAt, resendAvailableAt: claim.windowEndsAt };
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
