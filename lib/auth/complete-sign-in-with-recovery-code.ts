import "server-only";
import { appUrl } from "@/lib/app-origin";
import { completePendingSignIn, type SignedIn } from "@/lib/auth/complete-pending-sign-in";
import { db } from "@/lib/db";
import { recoveryCodeUsedMail } from "@/lib/mail/messages/recovery-code-used";
import { sendNotification } from "@/lib/mail/send-notification";
import type { RequestContext } from "@/lib/request-context";
import { consumeRecoveryCode, countRecoveryCodesLeft } from "@/lib/two-factor/recovery-codes";
import { TwoFactorError } from "@/lib/two-factor/two-factor-error";

export type CompleteSignInWithRecoveryCodeOptions = {
  pendingSignInToken: string | undefined;
  code: string;
  context: RequestContext;
  now?: Date;
};

/**
 * "Use a recovery code" on /sign-in/verify: the same step as a method's code
 * (the pending sign-in's tries, the per-user limit, one transaction for the
 * code, the pending sign-in and the session), with one of the user's unused
 * recovery codes. The mail that tells the user goes out after the commit and
 * says how many are left.
 *
 * Throws TwoFactorError SIGN_IN_EXPIRED, INVALID_RECOVERY_CODE (with
 * details.triesLeft), NOT_ENABLED (the user has no method left), AuthError THROTTLED.
 */
export async function completeSignInWithRecoveryCode({
  pendingSignInToken,
  code,
  context,
  now = new Date(),
}: CompleteSignInWithRecoveryCodeOptions): Promise<SignedIn & { recoveryCodesLeft: number }> {
  const events = { success: "sign_in_recovery_code", failure: "recovery_code_failed" } as const;
  const signedIn = await completePendingSignIn({ pendingSignInToken, context, now, events }, (userId, finishSignIn) =>
    db.$transaction(async (tx) => {
      // A recovery code stands in for a method the user has; it is never a way around having none.
      if ((await tx.twoFactorMethod.count({ where: { userId } })) === 0) throw new TwoFactorError("NOT_ENABLED");
      await consumeRecoveryCode(tx, { userId, code, now });
      const session = await finishSignIn.inTransaction(tx);
      const recoveryCodesLeft = await countRecoveryCodesLeft(userId, tx);
      const user = await tx.user.findUniqueOrThrow({ where: { id: userId }, select: { email: true, name: true } });
      return { ...session, recoveryCodesLeft, user };
    }),
  );

  const { user, ...result } = signedIn;
  await sendNotification(
    user.email,
    recoveryCodeUsedMail({
      name: user.name,
      codesLeft: result.recoveryCodesLeft,
      context,
      usedAt: now,
      securityPageUrl: appUrl("/customer-area/security#recovery-codes"),
    }),
  );
  return result;
}
