import "server-only";
import { confirmPassword } from "@/lib/auth/confirm-password";
import { hashPassword } from "@/lib/auth/password";
import { endAccessOnNewPassword } from "@/lib/auth/end-access-on-new-password";
import { db } from "@/lib/db";
import { passwordChangedMail } from "@/lib/mail/messages/password-changed";
import { sendNotification } from "@/lib/mail/send-notification";
import { recordSecurityEvent } from "@/lib/security-events";
import type { RequestContext } from "@/lib/request-context";

export type ChangePasswordOptions = {
  userId: string;
  currentSessionId: string;
  currentPassword: string;
  newPassword: string;
  context: RequestContext;
};

/**
 * Changes the password, signs out every other session of the user, ends
 * sign-ins under way, reset links and every trusted browser (whoever knew the
 * old password may have trusted one), and mails the user.
 */
export async function changePassword({
  userId,
  currentSessionId,
  currentPassword,
  newPassword,
  context,
}: ChangePasswordOptions): Promise<{ otherSessionsSignedOut: number; trustedBrowsersRemoved: number }> {
  await confirmPassword({ userId, sessionId: currentSessionId, password: currentPassword, context });
  const passwordHash = await hashPassword(newPassword);
  const { user, otherSessionsSignedOut, trustedBrowsersRemoved } = await db.$transaction(async (tx) => {
    const user = await tx.user.update({ where: { id: userId }, data: { passwordHash } });
    await recordSecurityEvent({ userId, type: "password_changed", context }, tx);
    const ended = await endAccessOnNewPassword(tx, { userId, keepSessionId: currentSessionId, context, now: new Date() });
    return { user, otherSessionsSignedOut: ended.sessionsSignedOut, trustedBrowsersRemoved: ended.trustedBrowsersRemoved };
  });
  await sendNotification(user.email, passwordChangedMail(user.name, context, { trustedBrowsersRemoved }));
  return { otherSessionsSignedOut, trustedBrowsersRemoved };
}
