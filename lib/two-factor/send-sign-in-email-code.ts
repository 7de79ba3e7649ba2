import "server-only";
import { db } from "@/lib/db";
import type { MailerOptions } from "@/lib/mail/send-mail";
import { issueEmailCode, type EmailCodeRecipient, type IssuedEmailCode } from "@/lib/two-factor/email-code";
import { TwoFactorError } from "@/lib/two-factor/two-factor-error";

/**
 * Mails a sign-in code when the user picks the email method on /sign-in/verify
 * (the caller has checked the pending sign-in). The code is then checked with
 * verifyEmailCode(userId, "sign-in", code) after reserving a per-user attempt.
 *
 * Throws NOT_ENABLED, RESEND_COOLDOWN or MailDeliveryError.
 */
export async function sendSignInEmailCode(
  user: EmailCodeRecipient,
  now = new Date(),
  mailOptions?: MailerOptions,
): Promise<IssuedEmailCode> {
  const method = await db.twoFactorMethod.findUnique({
    where: { userId_type: { userId: user.id, type: "email" } },
    select: { id: true },
  });
  if (!method) throw new TwoFactorError("NOT_ENABLED");
  return issueEmailCode(user, "sign-in", now, mailOptions);
}
