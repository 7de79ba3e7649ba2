import "server-only";
import { confirmPassword } from "@/lib/auth/confirm-password";
import { db } from "@/lib/db";
import type { Prisma, TwoFactorMethodType } from "@/lib/generated/prisma/client";
import type { RequestContext } from "@/lib/request-context";
import { TwoFactorError } from "@/lib/two-factor/two-factor-error";

/**
 * A fresh password confirmation: the first step of every 2FA setup. It lives in
 * the database (any app instance can check it), is bound to the user, the
 * browser session and the method being turned on, lasts a few minutes and is used once.
 */

export const PASSWORD_GRANT_LIFETIME_MS = 5 * 60 * 1000;

export type GrantScope = { userId: string; sessionId: string; method: TwoFactorMethodType; now?: Date };

function liveGrants({ userId, sessionId, method, now = new Date() }: GrantScope): Prisma.PasswordGrantWhereInput {
  return { userId, sessionId, purpose: "enable_method", method, consumedAt: null, expiresAt: { gt: now } };
}

/** Checks the password (a wrong one counts as a failed attempt) and records the grant. */
export async function grantPasswordConfirmation(
  scope: GrantScope & { password: string; context: RequestContext },
): Promise<void> {
  const { userId, sessionId, method, password, context, now = new Date() } = scope;
  await confirmPassword({ userId, sessionId, password, context });
  await db.passwordGrant.create({
    data: {
      userId,
      sessionId,
      purpose: "enable_method",
      method,
      expiresAt: new Date(now.getTime() + PASSWORD_GRANT_LIFETIME_MS),
    },
  });
}

/** Throws GRANT_REQUIRED unless a live grant exists, without using it up. */
export async function assertPasswordGranted(scope: GrantScope): Promise<void> {
  if ((await db.passwordGrant.count({ where: liveGrants(scope) })) === 0) throw new TwoFactorError("GRANT_REQUIRED");
}

/** Uses up the grant; throws GRANT_REQUIRED when there is none (or it expired, or another session holds it). */
export async function consumePasswordGrant(scope: GrantScope, tx: Prisma.TransactionClient = db): Promise<void> {
  const grant = await tx.passwordGrant.findFirst({
    where: liveGrants(scope),
    orderBy: { createdAt: "desc" },
    select: { id: true },
  });
  // Conditional, so two requests racing for one grant cannot both use it.
  const consumed = grant
    ? await tx.passwordGrant.updateMany({
        where: { id: grant.id, consumedAt: null },
        data: { consumedAt: scope.now ?? new Date() },
      })
    : { count: 0 };
  if (consumed.count !== 1) throw new TwoFactorError("GRANT_REQUIRED");
}
