import "server-only";
import { confirmPassword } from "@/lib/auth/confirm-password";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { TwoFactorError } from "@/lib/two-factor/two-factor-error";

/**
 * A fresh password confirmation: the first step of every 2FA setup. It lives in
 * the database (any app instance can check it), is bound to the user, the
 * browser session and one purpose, lasts a few minutes and is used once.
 */

export type GrantPurpose = "enable-totp" | "enable-email";

export const PASSWORD_GRANT_LIFETIME_MS = 5 * 60 * 1000;

export async function grantPasswordConfirmation(
  userId: string,
  sessionId: string,
  purpose: GrantPurpose,
  password: string,
  now = new Date(),
): Promise<void> {
  await confirmPassword(userId, password);
  await db.passwordGrant.create({
    data: { userId, sessionId, purpose, expiresAt: new Date(now.getTime() + PASSWORD_GRANT_LIFETIME_MS) },
  });
}

/** Uses up the grant; throws GRANT_REQUIRED when there is none (or it expired, or another session holds it). */
export async function consumePasswordGrant(
  userId: string,
  sessionId: string,
  purpose: GrantPurpose,
  now = new Date(),
  tx: Prisma.TransactionClient = db,
): Promise<void> {
  const grant = await tx.passwordGrant.findFirst({
    where: { userId, sessionId, purpose, consumedAt: null, expiresAt: { gt: now } },
    orderBy: { createdAt: "desc" },
    select: { id: true },
  });
  // Conditional, so two requests racing for one grant cannot both use it.
  const consumed = grant
    ? await tx.passwordGrant.updateMany({ where: { id: grant.id, consumedAt: null }, data: { consumedAt: now } })
    : { count: 0 };
  if (consumed.count !== 1) throw new TwoFactorError("GRANT_REQUIRED");
}
