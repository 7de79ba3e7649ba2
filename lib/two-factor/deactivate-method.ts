import "server-only";
import { confirmPassword } from "@/lib/auth/confirm-password";
import { db } from "@/lib/db";
import type { TwoFactorMethodType } from "@/lib/generated/prisma/client";
import { twoFactorChangedMail } from "@/lib/mail/messages/two-factor-changed";
import { sendNotification } from "@/lib/mail/send-notification";
import type { RequestContext } from "@/lib/request-context";
import { recordSecurityEvent } from "@/lib/security-events";
import { lockUserMethods } from "@/lib/two-factor/lock-user-methods";
import { TwoFactorError } from "@/lib/two-factor/two-factor-error";

const LABEL: Record<TwoFactorMethodType, string> = { totp: "The authentication app", email: "Email verification" };

/**
 * Step 7 of the article: turning a method off needs the password, and is
 * allowed only while both methods are active, so a user who has 2FA always
 * keeps one. Turning off the primary method makes the other one primary.
 *
 * Throws AuthError WRONG_PASSWORD / THROTTLED, TwoFactorError NOT_ENABLED or LAST_METHOD.
 */
export async function deactivateMethod(
  userId: string,
  method: TwoFactorMethodType,
  password: string,
  context: RequestContext,
  now = new Date(),
): Promise<{ notificationSent: boolean }> {
  await confirmPassword(userId, password);
  const user = await db.$transaction(async (tx) => {
    const { types, primary } = await lockUserMethods(tx, userId);
    if (!types.includes(method)) throw new TwoFactorError("NOT_ENABLED");
    const remaining = types.filter((type) => type !== method);
    const [nextPrimary] = remaining;
    if (!nextPrimary) throw new TwoFactorError("LAST_METHOD");
    await tx.twoFactorMethod.delete({ where: { userId_type: { userId, type: method } } });
    if (method === "totp") await tx.pendingTotpSetup.deleteMany({ where: { userId } });
    const updated = await tx.user.update({
      where: { id: userId },
      data: { primaryTwoFactorType: primary === method || primary === null ? nextPrimary : primary },
    });
    await recordSecurityEvent(userId, `two-factor.${method}.disabled`, context, tx);
    return updated;
  });
  const mail = twoFactorChangedMail(
    user.name,
    { subject: `${LABEL[method]} turned off`, sentence: `${LABEL[method]} was turned off for your customer area user` },
    context,
    now,
  );
  return { notificationSent: await sendNotification(user.email, mail) };
}
