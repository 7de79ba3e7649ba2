import "server-only";
import { db } from "@/lib/db";
import type { MailerOptions } from "@/lib/mail/send-mail";
import {
  EMAIL_CODE_LIFETIME_MS,
  issueEmailCode,
  type EmailCodeRecipient,
  type IssuedEmailCode,
} from "@/lib/two-factor/email-code";
import { assertEmailNotEnabled } from "@/lib/two-factor/start-email-setup";
import { TwoFactorError } from "@/lib/two-factor/two-factor-error";

/**
 * `Resend code` on the code step: only while a setup is under way (an enrolment
 * code was sent in the last 10 minutes and email is not on yet). The cooldown
 * applies; the new code inherits the failures of the one it voids.
 *
 * Throws ALREADY_ENABLED, SETUP_REQUIRED, RESEND_COOLDOWN or MailDeliveryError.
 */
export async function resendEmailSetupCode(
  user: EmailCodeRecipient,
  now = new Date(),
  mailOptions?: MailerOptions,
): Promise<IssuedEmailCode> {
  await assertEmailNotEnabled(user.id);
  const setupUnderWay = await db.emailCode.count({
    where: { userId: user.id, purpose: "enrolment", createdAt: { gt: new Date(now.getTime() - EMAIL_CODE_LIFETIME_MS) } },
  });
  if (setupUnderWay === 0) throw new TwoFactorError("SETUP_REQUIRED");
  return issueEmailCode(user, "enrolment", now, mailOptions);
}
