import "server-only";
import { attemptKeyForUser, clearAttempts, reserveAttempt } from "@/lib/auth/attempt-limiter";
import { db } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { emailMethodEnabledMail } from "@/lib/mail/messages/email-method-enabled";
import type { MailerOptions } from "@/lib/mail/send-mail";
import { sendNotification } from "@/lib/mail/send-notification";
import type { RequestContext } from "@/lib/request-context";
import { recordSecurityEvent } from "@/lib/security-events";
import { verifyEmailCode } from "@/lib/two-factor/email-code";
import { TwoFactorError } from "@/lib/two-factor/two-factor-error";

export type EmailMethodEnabled = { becamePrimary: boolean; notificationSent: boolean };

/**
 * `Verify code` on the email setup: the enrolment code turns the method on. The
 * code is used up, the method created, the primary set (when the user had none)
 * and the security event recorded in one transaction; the notification mail
 * goes out after the commit, and its failure does not undo anything.
 *
 * Throws AuthError THROTTLED (per-user limit, shared with passwords and TOTP),
 * TwoFactorError ALREADY_ENABLED, or verifyEmailCode's INVALID_CODE,
 * CODE_USED_UP, CODE_EXPIRED, SETUP_REQUIRED.
 */
export async function enableEmailMethod(
  userId: string,
  code: string,
  context: RequestContext,
  now = new Date(),
  mailOptions?: MailerOptions,
): Promise<EmailMethodEnabled> {
  const existing = await db.twoFactorMethod.findUnique({ where: { userId_type: { userId, type: "email" } } });
  if (existing) throw new TwoFactorError("ALREADY_ENABLED");

  const attemptKey = attemptKeyForUser(userId);
  await reserveAttempt(attemptKey, now);
  let enabled;
  try {
    enabled = await verifyEmailCode(userId, "enrolment", code, now, async (tx) => {
      await tx.twoFactorMethod.create({ data: { userId, type: "email", enabledAt: now } });
      // Conditional, so a TOTP setup finishing at the same moment cannot also become primary.
      const primary = await tx.user.updateMany({
        where: { id: userId, primaryTwoFactorType: null },
        data: { primaryTwoFactorType: "email" },
      });
      await recordSecurityEvent(userId, "two-factor.email.enabled", context, tx);
      const user = await tx.user.findUniqueOrThrow({ where: { id: userId }, select: { email: true, name: true } });
      return { user, becamePrimary: primary.count === 1 };
    });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      throw new TwoFactorError("ALREADY_ENABLED");
    }
    throw error;
  }
  if (!enabled) throw new Error("verifyEmailCode returned without running onVerified");
  await clearAttempts(attemptKey);

  const notificationSent = await sendNotification(
    enabled.user.email,
    emailMethodEnabledMail(enabled.user.name, context, now),
    mailOptions,
  );
  return { becamePrimary: enabled.becamePrimary, notificationSent };
}
