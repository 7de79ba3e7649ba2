import "server-only";
import { knownDevicesFrom } from "@/lib/auth/known-device";
import { revokeOtherSessions } from "@/lib/auth/sessions";
import { endTrustedBrowsers } from "@/lib/auth/trusted-browsers";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { RequestContext } from "@/lib/request-context";

export type EndAccessOptions = {
  userId: string;
  /** The session that made the change (`Change password`), kept signed in; none for a reset. */
  keepSessionId?: string;
  context: RequestContext;
  now: Date;
};

/**
 * What a new password ends, whichever way it came (`Change password` or a reset
 * link), in the transaction that stores it: whoever knew the old password may
 * be signed in, half-way through signing in (a pending sign-in and its mailed
 * code), on a browser they trusted or signed in with (its known-device
 * counter), or holding a reset link.
 * Returns the counts the mail about the change reports.
 */
export async function endAccessOnNewPassword(
  tx: Prisma.TransactionClient,
  { userId, keepSessionId, context, now }: EndAccessOptions,
): Promise<{ sessionsSignedOut: number; trustedBrowsersRemoved: number }> {
  await tx.user.update({ where: { id: userId }, data: { knownDevicesFrom: knownDevicesFrom(now) } });
  await tx.pendingSignIn.updateMany({ where: { userId, consumedAt: null }, data: { consumedAt: now } });
  await tx.emailCode.updateMany({ where: { userId, purpose: "sign_in", endedAt: null }, data: { endedAt: now } });
  await tx.passwordResetLink.updateMany({ where: { userId, usedAt: null }, data: { usedAt: now } });
  const sessionsSignedOut = keepSessionId
    ? await revokeOtherSessions(userId, keepSessionId, tx)
    : (await tx.session.deleteMany({ where: { userId } })).count;
  return { sessionsSignedOut, trustedBrowsersRemoved: await endTrustedBrowsers(tx, userId, context, now) };
}
