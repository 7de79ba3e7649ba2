import "server-only";
import { db } from "@/lib/db";
import type { MailerOptions } from "@/lib/mail/send-mail";
import { issueEmailCode, type EmailCodeRecipient, type IssuedEmailCode } from "@/lib/two-factor/email-code";
import { consumePasswordGrant } from "@/lib/two-factor/password-grant";
import { TwoFactorError } from "@/lib/two-factor/two-factor-error";

/**
 * Step 2 of "Enable 2FA via e-mail": after `Confirm password`, mail the
 * enrolment code. The password grant is checked first but consumed only in the
 * transaction that stores the code, after the mail went out: a failed send uses
 * nothing up (the dialog still asks for the password again on a retry, which is
 * simply a fresh grant), and of parallel starts on one grant only one stores a code.
 *
 * Throws ALREADY_ENABLED, GRANT_REQUIRED, RESEND_COOLDOWN (a code went out less
 * than a minute ago: show the code step with the countdown) or MailDeliveryError.
 */
export async function startEmailSetup(
  user: EmailCodeRecipient,
  sessionId: string,
  now = new Date(),
  mailOptions?: MailerOptions,
): Promise<IssuedEmailCode> {
  await assertEmailNotEnabled(user.id);
  const liveGrants = await db.passwordGrant.count({
    where: { userId: user.id, sessionId, purpose: "enable-email", consumedAt: null, expiresAt: { gt: now } },
  });
  if (liveGrants === 0) throw new TwoFactorError("GRANT_REQUIRED");
  return issueEmailCode(user, "enrolment", now, mailOptions, (tx) =>
    consumePasswordGrant(user.id, sessionId, "enable-email", now, tx),
  );
}

export async function assertEmailNotEnabled(userId: string): Promise<void> {
  const method = await db.twoFactorMethod.findUnique({
    where: { userId_type: { userId, type: "email" } },
    select: { id: true },
  });
  if (method) throw new TwoFactorError("ALREADY_ENABLED");
}
