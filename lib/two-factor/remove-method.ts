import "server-only";
import type { Prisma, TwoFactorMethodType } from "@/lib/generated/prisma/client";
import { lockUserMethods } from "@/lib/two-factor/active-methods";
import { voidRecoveryCodes } from "@/lib/two-factor/recovery-codes";

type Tx = Prisma.TransactionClient;

/**
 * What a method leaves behind besides its row dies with it: a code mailed,
 * a secret shown or a password confirmed for it before it was turned off must
 * not work once it is turned on again.
 */
const LEFTOVERS: Record<TwoFactorMethodType, (tx: Tx, userId: string, now: Date) => Promise<unknown>> = {
  totp: (tx, userId) => tx.pendingTotpSetup.deleteMany({ where: { userId } }),
  email: (tx, userId, now) => tx.emailCode.updateMany({ where: { userId, endedAt: null }, data: { endedAt: now } }),
  // The keys themselves go with the method's row (on delete cascade); a prompt still open goes too.
  webauthn: (tx, userId) => tx.webAuthnChallenge.deleteMany({ where: { userId } }),
};

/**
 * The one way a method stops being active, inside the caller's transaction
 * (whose rules decide whether it may: deactivation keeps one method). Its
 * leftovers go with it and the primary moves to a method that stays. A user
 * left with no method has nothing to recover, so their recovery codes are
 * voided with it: a code never stands in for two-factor authentication the
 * user no longer has.
 */
export async function removeMethod(
  tx: Tx,
  { userId, method, now }: { userId: string; method: TwoFactorMethodType; now: Date },
): Promise<{ email: string; name: string }> {
  const { types, primary } = await lockUserMethods(tx, userId);
  const remaining = types.filter((type) => type !== method);
  await tx.twoFactorMethod.deleteMany({ where: { userId, type: method } });
  await LEFTOVERS[method](tx, userId, now);
  await tx.passwordGrant.updateMany({ where: { userId, method, consumedAt: null }, data: { consumedAt: now } });
  if (remaining.length === 0) await voidRecoveryCodes(tx, userId);
  const nextPrimary = primary && remaining.includes(primary) ? primary : (remaining[0] ?? null);
  return tx.user.update({
    where: { id: userId },
    data: { primaryTwoFactorType: nextPrimary },
    select: { email: true, name: true },
  });
}
