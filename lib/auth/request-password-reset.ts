import "server-only";
import { appUrl } from "@/lib/app-origin";
import { claimAddressMail } from "@/lib/auth/claim-address-mail";
import {
  PASSWORD_RESET_LINK_LIFETIME_MS,
  PASSWORD_RESET_LINK_MINUTES,
  passwordFingerprint,
  passwordResetTokenHash,
} from "@/lib/auth/password-reset-link";
import { randomToken } from "@/lib/auth/tokens";
import { db } from "@/lib/db";
import { passwordResetLinkMail } from "@/lib/mail/messages/password-reset-link";
import { sendNotification } from "@/lib/mail/send-notification";
import type { RequestContext } from "@/lib/request-context";
import { recordSecurityEvent } from "@/lib/security-events";

export type RequestPasswordResetOptions = { email: string; context: RequestContext; now?: Date };

/**
 * `Send reset link`. The request itself only takes its throttles, which are
 * the same for every address: it never looks the address up. What depends on
 * whether the address has a user (the link, its security event, the mail) is
 * in `deliver`, which the caller runs after the answer has gone out
 * (next/server `after`), so the answer and its timing are the same for a
 * user's address and for an address nobody has.
 *
 * Throws AuthError MAILS_LIMITED.
 */
export async function requestPasswordReset({
  email,
  context,
  now = new Date(),
}: RequestPasswordResetOptions): Promise<{ deliver: () => Promise<void> }> {
  await claimAddressMail({ purpose: "password-reset", email, context, now });
  return { deliver: () => mailPasswordResetLink({ email, context, now }) };
}

/** For a user's address: a link bound to the user and their current password, and the mail. Nothing for other addresses. Never throws. */
async function mailPasswordResetLink({ email, context, now }: Required<RequestPasswordResetOptions>): Promise<void> {
  try {
    const user = await db.user.findUnique({
      where: { email },
      select: { id: true, name: true, email: true, passwordHash: true, twoFactorMethods: { select: { type: true }, take: 1 } },
    });
    if (!user) return;
    const token = randomToken();
    await db.$transaction(async (tx) => {
      await tx.passwordResetLink.create({
        data: {
          userId: user.id,
          tokenHash: passwordResetTokenHash(token),
          passwordFingerprint: passwordFingerprint(user.passwordHash),
          createdAt: now,
          expiresAt: new Date(now.getTime() + PASSWORD_RESET_LINK_LIFETIME_MS),
        },
      });
      await recordSecurityEvent({ userId: user.id, type: "password_reset_requested", context }, tx);
    });
    const link = appUrl(`/reset-password?token=${encodeURIComponent(token)}`);
    await sendNotification(
      user.email,
      passwordResetLinkMail({
        name: user.name,
        link,
        minutes: PASSWORD_RESET_LINK_MINUTES,
        hasTwoFactor: user.twoFactorMethods.length > 0,
        context,
      }),
    );
  } catch (error) {
    // Nobody is waiting for this any more; the address is never logged.
    console.error(`A password reset link could not be prepared: ${error instanceof Error ? error.name : "unexpected error"}`);
  }
}
