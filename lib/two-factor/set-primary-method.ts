import "server-only";
import { db } from "@/lib/db";
import { recordSecurityEvent } from "@/lib/security-events";
import { lockUserMethods } from "@/lib/two-factor/active-methods";
import type { MethodChangeOptions } from "@/lib/two-factor/deactivate-method";
import { notifyMethodChange } from "@/lib/two-factor/notify-method-change";
import { TwoFactorError } from "@/lib/two-factor/two-factor-error";

/**
 * Either the primary changed (with an event and a mail, `notificationSent`
 * saying whether the mail went out), or it already was that method: nothing
 * changed and no mail was due, so `notificationSent` is absent.
 */
export type PrimaryMethodSaved = { changed: boolean; notificationSent?: boolean };

/**
 * `Preferences` -> select -> `Save`: the primary method is asked for first at
 * sign-in. No password (the help article asks none: both methods are already
 * the user's own, and the session is the signed-in user's); the new primary
 * must be one of the user's active methods. A change is still an event and a mail.
 *
 * Throws TwoFactorError NOT_ENABLED.
 */
export async function setPrimaryMethod({
  userId,
  method,
  context,
  now = new Date(),
}: Omit<MethodChangeOptions, "password">): Promise<PrimaryMethodSaved> {
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
  if (!changedFor) return { changed: false };
  const notificationSent = await notifyMethodChange(changedFor, { kind: "primary", method }, { context, now });
  return { changed: true, notificationSent };
}
