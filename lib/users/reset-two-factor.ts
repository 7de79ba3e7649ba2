import "server-only";
import { knownDevicesFrom } from "@/lib/auth/known-device";
import { AuthError } from "@/lib/auth/auth-error";
import { confirmPassword } from "@/lib/auth/confirm-password";
import { endTrustedBrowsers } from "@/lib/auth/trusted-browsers";
import { db } from "@/lib/db";
import { twoFactorResetMail } from "@/lib/mail/messages/two-factor-reset";
import { sendNotification } from "@/lib/mail/send-notification";
import type { RequestContext } from "@/lib/request-context";
import { recordSecurityEvent } from "@/lib/security-events";
import { lockUserMethods } from "@/lib/two-factor/active-methods";
import { voidRecoveryCodes } from "@/lib/two-factor/recovery-codes";
import { removeMethod } from "@/lib/two-factor/remove-method";

export type ResetTwoFactorOptions = {
  /** The signed-in owner: their session counts a wrong password, their account bounds whom they can reset. */
  owner: { id: string; name: string; accountId: string; sessionId: string };
  targetUserId: string;
  /** The target's email address as the owner typed it (lower-cased). */
  confirmation: string;
  password: string;
  context: RequestContext;
  now?: Date;
};

/**
 * `Reset two-factor authentication`: for a user who lost every factor, their
 * account owner removes the user's methods and recovery codes and ends
 * everything that let them in (sessions, sign-ins under way, trusted
 * browsers), with an event for both and a mail to the user. Only another user
 * of the owner's own account: any other id, the owner's own included, is
 * NOT_ALLOWED before anything is checked or changed.
 *
 * Throws AuthError NOT_ALLOWED, CONFIRMATION_MISMATCH, NOTHING_TO_RESET, WRONG_PASSWORD / THROTTLED.
 */
export async function resetTwoFactor({ owner, targetUserId, confirmation, password, context, now = new Date() }: ResetTwoFactorOptions) {
  const target = await db.user.findFirst({
    // The asking user's role is read here too, not taken from the caller: only an owner of this very account.
    where: {
      id: targetUserId,
      NOT: { id: owner.id },
      account: { id: owner.accountId, users: { some: { id: owner.id, role: "owner" } } },
    },
    select: { id: true, email: true, name: true, account: { select: { twoFactorRequiredFrom: true } } },
  });
  if (!target) throw new AuthError("NOT_ALLOWED");
  if (confirmation !== target.email) throw new AuthError("CONFIRMATION_MISMATCH");
  await confirmPassword({ userId: owner.id, sessionId: owner.sessionId, password, context });

  const { sessionsEnded } = await db.$transaction(async (tx) => {
    const { types } = await lockUserMethods(tx, target.id);
    const recoveryCodes = await tx.recoveryCode.count({ where: { userId: target.id } });
    if (types.length === 0 && recoveryCodes === 0) throw new AuthError("NOTHING_TO_RESET");
    for (const method of types) await removeMethod(tx, { userId: target.id, method, now });
    await voidRecoveryCodes(tx, target.id);
    // Whatever was on its way in ends too: a setup, a code, a password confirmation, a sign-in half done.
    await tx.pendingTotpSetup.deleteMany({ where: { userId: target.id } });
    await tx.emailCode.updateMany({ where: { userId: target.id, endedAt: null }, data: { endedAt: now } });
    await tx.passwordGrant.updateMany({ where: { userId: target.id, consumedAt: null }, data: { consumedAt: now } });
    await tx.pendingSignIn.updateMany({ where: { userId: target.id, consumedAt: null }, data: { consumedAt: now } });
    const ended = await tx.session.deleteMany({ where: { userId: target.id } });
    await tx.user.update({ where: { id: target.id }, data: { knownDevicesFrom: knownDevicesFrom(now) } });
    await endTrustedBrowsers(tx, target.id, context, now);
    await recordSecurityEvent({ userId: target.id, type: "two_factor_reset", relatedUserId: owner.id, context }, tx);
    await recordSecurityEvent({ userId: owner.id, type: "two_factor_reset_for_user", relatedUserId: target.id, context }, tx);
    return { sessionsEnded: ended.count };
  });

  const notificationSent = await sendNotification(
    target.email,
    twoFactorResetMail(
      { name: target.name, ownerName: owner.name, twoFactorRequired: target.account.twoFactorRequiredFrom !== null },
      context,
      now,
    ),
  );
  return { email: target.email, sessionsEnded, notificationSent };
}
