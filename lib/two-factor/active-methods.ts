import "server-only";
import { db } from "@/lib/db";
import type { Prisma, TwoFactorMethodType } from "@/lib/generated/prisma/client";

/** Whether the user has method `type` turned on; pass `tx` to read inside a change. */
export async function isMethodActive(
  userId: string,
  type: TwoFactorMethodType,
  tx: Prisma.TransactionClient = db,
): Promise<boolean> {
  const method = await tx.twoFactorMethod.findUnique({
    where: { userId_type: { userId, type } },
    select: { id: true },
  });
  return method !== null;
}

/**
 * Locks the user's row for the rest of the transaction and returns the active
 * methods. Every change that could leave a user with fewer methods goes through
 * this, so two parallel changes cannot each see "two methods" and both remove one.
 */
export async function lockUserMethods(
  tx: Prisma.TransactionClient,
  userId: string,
): Promise<{ types: TwoFactorMethodType[]; primary: TwoFactorMethodType | null }> {
  await tx.$queryRaw`SELECT id FROM users WHERE id = ${userId}::uuid FOR UPDATE`;
  const user = await tx.user.findUniqueOrThrow({
    where: { id: userId },
    select: { primaryTwoFactorType: true, twoFactorMethods: { select: { type: true } } },
  });
  return { types: user.twoFactorMethods.map((method) => method.type), primary: user.primaryTwoFactorType };
}

/** Whether the user has any second factor turned on. */
export async function hasTwoFactor(userId: string): Promise<boolean> {
  return (await db.twoFactorMethod.findFirst({ where: { userId }, select: { id: true } })) !== null;
}
