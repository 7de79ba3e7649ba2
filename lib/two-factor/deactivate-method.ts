import "server-only";
import { confirmPassword } from "@/lib/auth/confirm-password";
import { db } from "@/lib/db";
import type { Prisma, TwoFactorMethodType } from "@/lib/generated/prisma/client";
import type { RequestContext } from "@/lib/request-context";
import { recordSecurityEvent } from "@/lib/security-events";
import { lockUserMethods } from "@/lib/two-factor/active-methods";
import { notifyMethodChange } from "@/lib/two-factor/notify-method-change";
import { TwoFactorError } from "@/lib/two-factor/two-factor-error";

export type MethodChangeOptions = {
  userId: string;
  /** The signed-in session asking: a wrong password counts against it. */
  sessionId: string;
  method: TwoFactorMethodType;
  password: string;
  context: RequestContext;
  now?: Date;
};

type Tx = Prisma.TransactionClient;

/**
 * What a method leaves behind besides its row dies with it: a code mailed,
 * a secret shown or a password confirmed for it before it was turned off must
 * not work once it is turned on again.
 */
const LEFTOVERS: Record<TwoFactorMethodType, (tx: Tx, userId: string, now: Date) => Promise<unknown>> = {
  totp: (tx, userId) => tx.pendingTotpSetup.deleteMany({ where: { userId } }),
  email: (tx, userId, now) => tx.emailCode.updateMany({ where: { userId, endedAt: null }, data: { endedAt: now } }),
};

async function voidLeftovers(tx: Tx, userId: string, method: TwoFactorMethodType, now: Date): Promise<void> {
  await LEFTOVERS[method](tx, userId, now);
  await tx.passwordGrant.updateMany({ where: { userId, method, consumedAt: null }, data: { consumedAt: now } });
}

/**
 * Step 7 of the article: turning a method off needs the password, and is
 * allowed only while both methods are active, so a user who has 2FA always
 * keeps one. Turning off the primary method makes the other one primary.
 *
 * Throws AuthError WRONG_PASSWORD / THROTTLED, TwoFactorError NOT_ENABLED or LAST_METHOD.
 */
export async function deactivateMethod({
  userId,
  sessionId,
  method,
  password,
  context,
  now = new Date(),
}: MethodChangeOptions): Promise<{ notificationSent: boolean }> {
  await confirmPassword({ userId, sessionId, password, context });
  const user = await db.$transaction(async (tx) => {
    const { types, primary } = await lockUserMethods(tx, userId);
    if (!types.includes(method)) throw new TwoFactorError("NOT_ENABLED");
    const [nextPrimary] = types.filter((type) => type !== method);
    if (!nextPrimary) throw new TwoFactorError("LAST_METHOD");
    await tx.twoFactorMethod.delete({ where: { userId_type: { userId, type: method } } });
    await voidLeftovers(tx, userId, method, now);
    const updated = await tx.user.update({
      where: { id: userId },
      data: { primaryTwoFactorType: primary === method || primary === null ? nextPrimary : primary },
      select: { email: true, name: true },
    });
    await recordSecurityEvent({ userId, type: "two_factor_disabled", method, context }, tx);
    return updated;
  });
  return { notificationSent: await notifyMethodChange(user, { kind: "disabled", method }, { context, now }) };
}
