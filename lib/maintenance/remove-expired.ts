import "server-only";
import { config } from "@/lib/config";
import { db } from "@/lib/db";
import { EXPIRED_INVITATIONS_KEPT_DAYS } from "@/lib/users/add-user";

const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;

export type Removed = Record<string, number>;

/**
 * Deletes what can no longer be used, so that nothing grows without bound:
 * expired sessions and trusted browsers, pending sign-ins, codes, grants, pending secrets, WebAuthn challenges
 * and links (invitations 30 days after they expired, so their owner saw it),
 * attempt counters and rate limits nobody has touched for a day, and security
 * events older than the retention period (SECURITY_EVENT_RETENTION_DAYS).
 * Every delete is idempotent, and a transaction-scoped advisory lock lets only
 * one app instance run it at a time: another instance finds the lock taken and
 * skips this round.
 */
export async function removeExpired(now = new Date()): Promise<Removed | null> {
  const retentionMs = config().securityEventRetentionDays * DAY_MS;
  const dayAgo = new Date(now.getTime() - DAY_MS);
  return db.$transaction(async (tx) => {
    const [lock] = await tx.$queryRaw<{ locked: boolean }[]>`
      SELECT pg_try_advisory_xact_lock(hashtext('security-and-access/remove-expired')) AS locked`;
    if (!lock?.locked) return null;
    const removed = {
      sessions: await tx.session.deleteMany({ where: { expiresAt: { lte: now } } }),
      trustedBrowsers: await tx.trustedBrowser.deleteMany({ where: { expiresAt: { lte: now } } }),
      pendingSignIns: await tx.pendingSignIn.deleteMany({ where: { expiresAt: { lte: dayAgo } } }),
      emailCodes: await tx.emailCode.deleteMany({ where: { expiresAt: { lte: dayAgo } } }),
      passwordGrants: await tx.passwordGrant.deleteMany({ where: { expiresAt: { lte: dayAgo } } }),
      pendingTotpSetups: await tx.pendingTotpSetup.deleteMany({ where: { expiresAt: { lte: now } } }),
      invitations: await tx.invitation.deleteMany({ where: { expiresAt: { lte: new Date(now.getTime() - EXPIRED_INVITATIONS_KEPT_DAYS * DAY_MS) } } }),
      webAuthnChallenges: await tx.webAuthnChallenge.deleteMany({ where: { expiresAt: { lte: now } } }),
      signUpLinks: await tx.signUpLink.deleteMany({ where: { expiresAt: { lte: dayAgo } } }),
      passwordResetLinks: await tx.passwordResetLink.deleteMany({ where: { expiresAt: { lte: dayAgo } } }),
      attemptCounters: await tx.attemptCounter.deleteMany({
        where: { updatedAt: { lte: dayAgo }, OR: [{ blockedUntil: null }, { blockedUntil: { lte: now } }] },
      }),
      rateLimits: await tx.rateLimit.deleteMany({ where: { windowStart: { lte: dayAgo } } }),
      securityEvents: await tx.securityEvent.deleteMany({ where: { createdAt: { lte: new Date(now.getTime() - retentionMs) } } }),
    };
    return Object.fromEntries(Object.entries(removed).map(([table, { count }]) => [table, count]));
  });
}
