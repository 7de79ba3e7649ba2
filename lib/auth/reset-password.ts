import "server-only";
import { appUrl } from "@/lib/app-origin";
import { secondFactorCounter, withAttempt } from "@/lib/auth/attempt-limiter";
import { auditRefusals } from "@/lib/auth/audit-refusals";
import { AuthError } from "@/lib/auth/auth-error";
import { endAccessOnNewPassword } from "@/lib/auth/end-access-on-new-password";
import { hashPassword } from "@/lib/auth/password";
import { findUsablePasswordResetLink, type UsablePasswordResetLink } from "@/lib/auth/password-reset-link";
import { db } from "@/lib/db";
import type { Prisma, TwoFactorMethodType } from "@/lib/generated/prisma/client";
import { passwordResetMail } from "@/lib/mail/messages/password-reset";
import { sendNotification } from "@/lib/mail/send-notification";
import type { RequestContext } from "@/lib/request-context";
import { recordSecurityEvent } from "@/lib/security-events";
import { consumeRecoveryCode, countRecoveryCodesLeft } from "@/lib/two-factor/recovery-codes";
import { TwoFactorError } from "@/lib/two-factor/two-factor-error";
import { verifyTotpCode } from "@/lib/two-factor/verify-totp-code";

type Tx = Prisma.TransactionClient;
type CodeCheck = (tx: Tx, input: { userId: string; code: string; now: Date }) => Promise<void>;

/**
 * How a reset checks each method's code, in the transaction that stores the
 * password; a new method is a type error here until it decides.
 * null: the method cannot stand in for the second factor of a reset.
 */
const RESET_CODE_CHECKS: Record<TwoFactorMethodType, CodeCheck | null> = {
  totp: (tx, { userId, code, now }) => verifyTotpCode({ userId, code, now }, tx),
  // The code would go to the mailbox the reset link went to: the mailbox alone would then reset the password.
  email: null,
  // The reset form asks for a typed code; a user with only keys resets with a recovery code.
  webauthn: null,
};

/** The user's methods that a reset accepts, in the order given (primary first). */
export function methodsForReset(methods: readonly TwoFactorMethodType[]): TwoFactorMethodType[] {
  return methods.filter((type) => RESET_CODE_CHECKS[type] !== null);
}

/** What answers the second factor of a reset: a method's code, or one of the user's recovery codes. */
export type ResetSecondFactor = { method: TwoFactorMethodType; code: string } | { recoveryCode: string };

export type ResetPasswordOptions = {
  token: string;
  newPassword: string;
  /** Required when the user has two-factor authentication; ignored otherwise. */
  secondFactor?: ResetSecondFactor;
  context: RequestContext;
  now?: Date;
};

async function checkSecondFactor(tx: Tx, userId: string, secondFactor: ResetSecondFactor, now: Date): Promise<void> {
  if ("recoveryCode" in secondFactor) return consumeRecoveryCode(tx, { userId, code: secondFactor.recoveryCode, now });
  const check = RESET_CODE_CHECKS[secondFactor.method];
  if (!check) throw new TwoFactorError("NOT_ENABLED");
  return check(tx, { userId, code: secondFactor.code, now });
}

/**
 * Uses the link up and stores the new password, with everything a new password
 * ends and the security event. The link is used up conditionally, and the
 * password replaced only if it is still the one the link was bound to, so two
 * tabs (or a reset racing `Change password`) cannot both get through.
 */
async function storeResetPassword(
  tx: Tx,
  { link, passwordHash, context, now }: { link: UsablePasswordResetLink; passwordHash: string; context: RequestContext; now: Date },
) {
  const used = await tx.passwordResetLink.updateMany({
    where: { id: link.id, usedAt: null, expiresAt: { gt: now } },
    data: { usedAt: now },
  });
  const replaced = await tx.user.updateMany({
    where: { id: link.userId, passwordHash: link.user.passwordHash },
    data: { passwordHash },
  });
  if (used.count !== 1 || replaced.count !== 1) throw new AuthError("RESET_LINK_INVALID");
  await recordSecurityEvent({ userId: link.userId, type: "password_reset", context }, tx);
  return endAccessOnNewPassword(tx, { userId: link.userId, context, now });
}

/**
 * /reset-password: a new password from a mailed link. For a user with 2FA the
 * second factor is checked first, in the same transaction that stores the
 * password, so a wrong code changes nothing (and a right code is used up only
 * if the password is stored). Its failures count against the per-user limit
 * of the second sign-in step: a reset gives nobody more guesses than sign-in.
 * On success every session, pending sign-in, trusted browser and other reset
 * link of the user ends, and the user is mailed.
 *
 * Throws AuthError RESET_LINK_INVALID, SECOND_FACTOR_REQUIRED, THROTTLED;
 * TwoFactorError INVALID_CODE, INVALID_RECOVERY_CODE, NOT_ENABLED.
 */
export async function resetPassword({ token, newPassword, secondFactor, context, now = new Date() }: ResetPasswordOptions) {
  const link = await findUsablePasswordResetLink(token, now);
  if (!link) throw new AuthError("RESET_LINK_INVALID");
  const { userId, user } = link;
  const store = async () => {
    const passwordHash = await hashPassword(newPassword);
    return db.$transaction(async (tx) => {
      const usesRecoveryCode = !!secondFactor && "recoveryCode" in secondFactor && user.twoFactorMethods.length > 0;
      if (secondFactor && user.twoFactorMethods.length > 0) await checkSecondFactor(tx, userId, secondFactor, now);
      const ended = await storeResetPassword(tx, { link, passwordHash, context, now });
      // The mail says a recovery code was used, and how many are left, as the sign-in's mail does.
      return { ...ended, recoveryCodesLeft: usesRecoveryCode ? await countRecoveryCodesLeft(userId, tx) : undefined };
    });
  };

  let ended;
  if (user.twoFactorMethods.length === 0) {
    ended = await store();
  } else {
    if (!secondFactor) throw new AuthError("SECOND_FACTOR_REQUIRED");
    const recovery = "recoveryCode" in secondFactor;
    ended = await withAttempt(secondFactorCounter(userId), store, {
      onSuccess: "clear",
      now,
      onRefused: auditRefusals({
        userId,
        failure: recovery ? "recovery_code_failed" : "code_failed",
        method: recovery ? undefined : secondFactor.method,
        context,
      }),
    });
  }

  await sendNotification(
    user.email,
    passwordResetMail({
      name: user.name,
      context,
      resetAt: now,
      ...ended,
      forgotPasswordUrl: appUrl("/forgot-password"),
    }),
  );
}
