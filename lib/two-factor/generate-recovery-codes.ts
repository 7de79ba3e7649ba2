import "server-only";
import { confirmPassword } from "@/lib/auth/confirm-password";
import { endTrustedBrowsers } from "@/lib/auth/trusted-browsers";
import { db } from "@/lib/db";
import { recoveryCodesGeneratedMail } from "@/lib/mail/messages/recovery-codes-generated";
import { sendNotification } from "@/lib/mail/send-notification";
import type { RequestContext } from "@/lib/request-context";
import { recordSecurityEvent } from "@/lib/security-events";
import { lockUserMethods } from "@/lib/two-factor/active-methods";
import { issueRecoveryCodes } from "@/lib/two-factor/recovery-codes";
import { TwoFactorError } from "@/lib/two-factor/two-factor-error";

export type GenerateRecoveryCodesOptions = {
  userId: string;
  /** The signed-in session asking: a wrong password counts against it. */
  sessionId: string;
  password: string;
  context: RequestContext;
  now?: Date;
};

/**
 * `Generate new codes`: after the password (a wrong one counts against the
 * session, like every password confirmation), a new set replaces the old one in the same transaction as its
 * security event, so no moment has both sets or neither. Every trusted browser
 * ends with the old set: new codes are what a user makes who fears someone
 * else got in. The mail that says so holds no code.
 *
 * Throws AuthError WRONG_PASSWORD / THROTTLED, TwoFactorError NO_METHOD.
 */
export async function generateRecoveryCodes({
  userId,
  sessionId,
  password,
  context,
  now = new Date(),
}: GenerateRecoveryCodesOptions): Promise<{ recoveryCodes: string[]; notificationSent: boolean }> {
  await confirmPassword({ userId, sessionId, password, context });
  const { recoveryCodes, user, trustedBrowsersRemoved } = await db.$transaction(async (tx) => {
    // Locked, so a method being turned off at the same moment cannot leave codes without a method.
    if ((await lockUserMethods(tx, userId)).types.length === 0) throw new TwoFactorError("NO_METHOD");
    const codes = await issueRecoveryCodes(tx, userId, now);
    await recordSecurityEvent({ userId, type: "recovery_codes_generated", context }, tx);
    const owner = await tx.user.findUniqueOrThrow({ where: { id: userId }, select: { email: true, name: true } });
    return { recoveryCodes: codes, user: owner, trustedBrowsersRemoved: await endTrustedBrowsers(tx, userId, context, now) };
  });
  const mail = recoveryCodesGeneratedMail(user.name, context, now, { trustedBrowsersRemoved });
  const notificationSent = await sendNotification(user.email, mail);
  return { recoveryCodes, notificationSent };
}
