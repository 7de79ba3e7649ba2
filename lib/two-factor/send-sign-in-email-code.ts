import "server-only";
import { db } from "@/lib/db";
import { isMethodActive } from "@/lib/two-factor/active-methods";
import { issueEmailCodeUnlessRecent, type EmailCodeSent } from "@/lib/two-factor/issue-email-code";
import { TwoFactorError } from "@/lib/two-factor/two-factor-error";

/**
 * Mails a sign-in code when the user picks the email method on /sign-in/verify
 * (the caller has checked the pending sign-in), and again on `Resend code`.
 *
 * Throws NOT_ENABLED or MailDeliveryError.
 */
export async function sendSignInEmailCode({ userId, now = new Date() }: { userId: string; now?: Date }) {
  if (!(await isMethodActive(userId, "email"))) throw new TwoFactorError("NOT_ENABLED");
  const user = await db.user.findUniqueOrThrow({ where: { id: userId }, select: { id: true, email: true, name: true } });
  const sent: EmailCodeSent = await issueEmailCodeUnlessRecent({ user, purpose: "sign_in", now });
  return sent;
}
