import "server-only";
import { db } from "@/lib/db";
import { isMethodActive } from "@/lib/two-factor/active-methods";
import { EMAIL_CODE_LIFETIME_MS } from "@/lib/two-factor/email-code-format";
import { issueEmailCode, type IssuedEmailCode } from "@/lib/two-factor/issue-email-code";
import type { EmailSetupOptions } from "@/lib/two-factor/start-email-setup";
import { TwoFactorError } from "@/lib/two-factor/two-factor-error";

/**
 * `Resend code` on the code step: only while a setup is under way (an enrolment
 * code was sent in the last 10 minutes and email is not on yet). The cooldown
 * applies; the new code inherits the failures of the one it voids.
 *
 * Throws ALREADY_ENABLED, SETUP_REQUIRED, RESEND_COOLDOWN or MailDeliveryError.
 */
export async function resendEmailSetupCode({ user, now = new Date() }: EmailSetupOptions): Promise<IssuedEmailCode> {
  if (await isMethodActive(user.id, "email")) throw new TwoFactorError("ALREADY_ENABLED");
  const setupUnderWay = await db.emailCode.count({
    where: { userId: user.id, purpose: "enrolment", createdAt: { gt: new Date(now.getTime() - EMAIL_CODE_LIFETIME_MS) } },
  });
  if (setupUnderWay === 0) throw new TwoFactorError("SETUP_REQUIRED");
  return issueEmailCode({ user, purpose: "enrolment", now });
}
