import "server-only";
import { confirmPassword } from "@/lib/auth/confirm-password";
import { endTrustedBrowsers } from "@/lib/auth/trusted-browsers";
import { db } from "@/lib/db";
import { securityKeyChangedMail } from "@/lib/mail/messages/security-key-changed";
import { sendNotification } from "@/lib/mail/send-notification";
import type { RequestContext } from "@/lib/request-context";
import { recordSecurityEvent } from "@/lib/security-events";
import { lockUserMethods } from "@/lib/two-factor/active-methods";
import { lastMethodError } from "@/lib/two-factor/deactivate-method";
import { notifyMethodChange } from "@/lib/two-factor/notify-method-change";
import { removeMethod } from "@/lib/two-factor/remove-method";
import { TwoFactorError } from "@/lib/two-factor/two-factor-error";

/** One of the signed-in user's keys, as `Security and access` lists it. */
export type SecurityKeyItem = { id: string; name: string; createdAt: Date; lastUsedAt: Date | null };

type KeyChangeOptions = {
  userId: string;
  /** The signed-in session asking: a wrong password counts against it. */
  sessionId: string;
  /** The key's row id; a key of another user is KEY_NOT_FOUND, as if it did not exist. */
  keyId: string;
  password: string;
  context: RequestContext;
  now?: Date;
};

/**
 * `Rename` beside a key: password first, then the new name, an event and a mail.
 *
 * Throws AuthError WRONG_PASSWORD / THROTTLED, TwoFactorError KEY_NOT_FOUND.
 */
export async function renameSecurityKey({
  userId,
  sessionId,
  keyId,
  name,
  password,
  context,
  now = new Date(),
}: KeyChangeOptions & { name: string }): Promise<{ notificationSent: boolean }> {
  await confirmPassword({ userId, sessionId, password, context });
  const { previousName, user } = await db.$transaction(async (tx) => {
    const key = await tx.webAuthnCredential.findFirst({ where: { id: keyId, userId }, select: { name: true } });
    if (!key) throw new TwoFactorError("KEY_NOT_FOUND");
    await tx.webAuthnCredential.updateMany({ where: { id: keyId, userId }, data: { name } });
    await recordSecurityEvent({ userId, type: "security_key_renamed", method: "webauthn", context }, tx);
    const owner = await tx.user.findUniqueOrThrow({ where: { id: userId }, select: { email: true, name: true } });
    return { previousName: key.name, user: owner };
  });
  const mail = securityKeyChangedMail(user.name, { kind: "renamed", name, previousName }, context, now);
  return { notificationSent: await sendNotification(user.email, mail) };
}

/**
 * `Remove` beside a key: password first. One key of several just goes (an
 * event and a mail). The last key is the method itself: removing it turns the
 * method off with deactivation's rule (another method must stay active) and
 * its event and mail. Either way the user's trusted browsers end, as when a
 * method is turned off: a browser trusted while that key was the way in must
 * not keep skipping the second factor.
 *
 * Throws AuthError WRONG_PASSWORD / THROTTLED, TwoFactorError KEY_NOT_FOUND,
 * LAST_METHOD_KEEP_ANOTHER.
 */
export async function removeSecurityKey({
  userId,
  sessionId,
  keyId,
  password,
  context,
  now = new Date(),
}: KeyChangeOptions): Promise<{ notificationSent: boolean; methodTurnedOff: boolean }> {
  await confirmPassword({ userId, sessionId, password, context });
  const removed = await db.$transaction(async (tx) => {
    // Locked first, so two parallel removals cannot each see "another key stays" and remove the last two.
    const { types } = await lockUserMethods(tx, userId);
    const key = await tx.webAuthnCredential.findFirst({ where: { id: keyId, userId }, select: { name: true } });
    if (!key) throw new TwoFactorError("KEY_NOT_FOUND");
    const keysLeft = await tx.webAuthnCredential.count({ where: { userId, NOT: { id: keyId } } });
    let user: { email: string; name: string };
    if (keysLeft === 0) {
      if (!types.some((type) => type !== "webauthn")) throw lastMethodError(types);
      user = await removeMethod(tx, { userId, method: "webauthn", now });
      await recordSecurityEvent({ userId, type: "two_factor_disabled", method: "webauthn", context }, tx);
    } else {
      await tx.webAuthnCredential.deleteMany({ where: { id: keyId, userId } });
      await recordSecurityEvent({ userId, type: "security_key_removed", method: "webauthn", context }, tx);
      user = await tx.user.findUniqueOrThrow({ where: { id: userId }, select: { email: true, name: true } });
    }
    const trustedBrowsersRemoved = await endTrustedBrowsers(tx, userId, context, now);
    return { user, name: key.name, methodTurnedOff: keysLeft === 0, trustedBrowsersRemoved };
  });
  const { user, name, methodTurnedOff, trustedBrowsersRemoved } = removed;
  const notificationSent = methodTurnedOff
    ? await notifyMethodChange(user, { kind: "disabled", method: "webauthn", trustedBrowsersRemoved }, { context, now })
    : await sendNotification(
        user.email,
        securityKeyChangedMail(user.name, { kind: "removed", name, trustedBrowsersRemoved }, context, now),
      );
  return { notificationSent, methodTurnedOff };
}
