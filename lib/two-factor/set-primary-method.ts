import "server-only";
import { confirmPassword } from "@/lib/auth/confirm-password";
import { db } from "@/lib/db";
import { recordSecurityEvent } from "@/lib/security-events";
import { lockUserMethods } from "@/lib/two-factor/active-methods";
import type { MethodChangeOptions } from "@/lib/two-factor/deactivate-method";
import { notifyMethodChange } from "@/lib/two-factor/notify-method-change";
import { TwoFactorError } from "@/lib/two-factor/two-factor-error";

/**
 * `Preferences` -> `Save`: the primary method is asked for first at sign-in.
 * Needs the password; the new primary must be one of the user's active methods.
 *
 * Throws AuthError WRONG_PASSWORD / THROTTLED, TwoFactorError NOT_ENABLED.
 */
export async function setPrimaryMethod({
  userId,
  sessionId,
  method,
  password,
  context,
  now = new Date(),
}: MethodChangeOptions): Promise<{ changed: boolean; notificationSent: boolean }> {
  await confirmPassword({ userId, sessionId, password, context });
  const changedFor = await db.$transaction(async (tx) => {
    const { types, primary } = await lockUserMethods(tx, userId);
    if (!types.includes(method)) throw new TwoFactorError("NOT_ENABLED");
    if (primary === method) return null;
    const user = await tx.user.update({
      where: { id: userId },
      data: { primaryTwoFactorType: method },
      select: { email: true, name: true },
    });
    await recordSecurityEvent({ userId, type: "primary_method_changed", method, context }, tx);
    return user;
  });
  if (!changedFor) return { changed: false, notificationSent: false };
  const notificationSent = await notifyMethodChange(changedFor, { kind: "primary", method }, { context, now });
  return { changed: true, notificationSent };
}
