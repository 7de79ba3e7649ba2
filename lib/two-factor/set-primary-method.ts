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

const LABEL: Record<TwoFactorMethodType, string> = { totp: "the authentication app", email: "email verification" };

/**
 * `Preferences` -> `Save`: the primary method is asked for first at sign-in.
 * Needs the password; the new primary must be one of the user's active methods.
 *
 * Throws AuthError WRONG_PASSWORD / THROTTLED, TwoFactorError NOT_ENABLED.
 */
export async function setPrimaryMethod(
  userId: string,
  method: TwoFactorMethodType,
  password: string,
  context: RequestContext,
  now = new Date(),
): Promise<{ changed: boolean; notificationSent: boolean }> {
  await confirmPassword(userId, password);
  const outcome = await db.$transaction(async (tx) => {
    const { types, primary } = await lockUserMethods(tx, userId);
    if (!types.includes(method)) throw new TwoFactorError("NOT_ENABLED");
    if (primary === method) return null;
    const user = await tx.user.update({ where: { id: userId }, data: { primaryTwoFactorType: method } });
    await recordSecurityEvent(userId, "two-factor.primary-changed", context, tx);
    return user;
  });
  if (!outcome) return { changed: false, notificationSent: false };
  const mail = twoFactorChangedMail(
    outcome.name,
    {
      subject: "Primary verification method changed",
      sentence: `Your primary two-factor method was set to ${LABEL[method]}`,
    },
    context,
    now,
  );
  return { changed: true, notificationSent: await sendNotification(outcome.email, mail) };
}
