import "server-only";
import { isUniqueViolation } from "@/lib/db";
import type { Prisma, TwoFactorMethodType } from "@/lib/generated/prisma/client";
import type { RequestContext } from "@/lib/request-context";
import { recordSecurityEvent } from "@/lib/security-events";
import { lockUserMethods } from "@/lib/two-factor/active-methods";
import { issueRecoveryCodes } from "@/lib/two-factor/recovery-codes";
import { TwoFactorError } from "@/lib/two-factor/two-factor-error";

export type ActivateMethodOptions = {
  userId: string;
  type: TwoFactorMethodType;
  context: RequestContext;
  now: Date;
  /** The authentication app's encrypted secret and the step of the code that proved it. */
  totp?: { secretEncrypted: string; lastUsedStep: number };
};

export type ActivatedMethod = {
  /** The new method's row (a security key hangs from it). */
  methodId: string;
  becamePrimary: boolean;
  user: { email: string; name: string };
  /** With the first method only: the recovery codes, for the done step to show once. */
  recoveryCodes: string[] | null;
};

/**
 * The one way a method becomes active, inside the transaction of the step that
 * proved it (a verified code): create the method, make it primary if the user
 * had none, record the event. A method turned on twice at once is refused by
 * the unique (user, type) key: ALREADY_ENABLED, and the transaction rolls back.
 *
 * The first method also brings the way back for when it is lost: a set of
 * recovery codes. The user's row is locked first, so of two methods finishing
 * at the same moment only one sees "no method yet" and issues them.
 */
export async function activateMethod(
  tx: Prisma.TransactionClient,
  { userId, type, context, now, totp }: ActivateMethodOptions,
): Promise<ActivatedMethod> {
  const before = await lockUserMethods(tx, userId);
  let methodId: string;
  try {
    ({ id: methodId } = await tx.twoFactorMethod.create({
      data: {
        userId,
        type,
        totpSecretEncrypted: totp?.secretEncrypted,
        totpLastUsedStep: totp ? BigInt(totp.lastUsedStep) : undefined,
        enabledAt: now,
      },
      select: { id: true },
    }));
  } catch (error) {
    if (isUniqueViolation(error)) throw new TwoFactorError("ALREADY_ENABLED");
    throw error;
  }
  // Conditional, so two methods finishing at the same moment cannot both become primary.
  const madePrimary = await tx.user.updateMany({
    where: { id: userId, primaryTwoFactorType: null },
    data: { primaryTwoFactorType: type },
  });
  await recordSecurityEvent({ userId, type: "two_factor_enabled", method: type, context }, tx);
  let recoveryCodes: string[] | null = null;
  if (before.types.length === 0) {
    recoveryCodes = await issueRecoveryCodes(tx, userId, now);
    await recordSecurityEvent({ userId, type: "recovery_codes_generated", context }, tx);
  }
  const user = await tx.user.findUniqueOrThrow({ where: { id: userId }, select: { email: true, name: true } });
  return { methodId, becamePrimary: madePrimary.count === 1, user, recoveryCodes };
}
