import "server-only";
import { confirmPassword } from "@/lib/auth/confirm-password";
import { hashPassword } from "@/lib/auth/password";
import { revokeOtherSessions } from "@/lib/auth/sessions";
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

/** Changes the password, signs out every other session of the user and ends sign-ins under way. */
export async function changePassword({
  userId,
  currentSessionId,
  currentPassword,
  newPassword,
  context,
}: ChangePasswordOptions): Promise<{ otherSessionsSignedOut: number }> {
  await confirmPassword({ userId, sessionId: currentSessionId, password: currentPassword, context });
  const passwordHash = await hashPassword(newPassword);
  const { user, otherSessionsSignedOut } = await db.$transaction(async (tx) => {
    const user = await tx.user.update({ where: { id: userId }, data: { passwordHash } });
    await recordSecurityEvent({ userId, type: "password_changed", context }, tx);
    // Whoever knew the old password may be half-way through signing in: end that too.
    const now = new Date();
    await tx.pendingSignIn.updateMany({ where: { userId, consumedAt: null }, data: { consumedAt: now } });
    await tx.emailCode.updateMany({ where: { userId, purpose: "sign_in", endedAt: null }, data: { endedAt: now } });
    return { user, otherSessionsSignedOut: await revokeOtherSessions(userId, currentSessionId, tx) };
  });
  await sendNotification(user.email, passwordChangedMail(user.name, context));
  return { otherSessionsSignedOut };
}
