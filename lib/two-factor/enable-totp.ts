import "server-only";
import { auditRefusals } from "@/lib/auth/audit-refusals";
import { sessionCounter, withAttempt } from "@/lib/auth/attempt-limiter";
import { db } from "@/lib/db";
import type { RequestContext } from "@/lib/request-context";
import { activateMethod } from "@/lib/two-factor/activate-method";
import { notifyMethodChange } from "@/lib/two-factor/notify-method-change";
import { decryptTotpSecret } from "@/lib/two-factor/secret-box";
import { findTotpDriftSeconds, matchTotpStep, normalizeTotpCode } from "@/lib/two-factor/totp";
import { TwoFactorError } from "@/lib/two-factor/two-factor-error";

export type EnableMethodOptions = { userId: string; sessionId: string; code: string; context: RequestContext; now?: Date };
export type MethodEnabled = {
  becamePrimary: boolean;
  notificationSent: boolean;
  /** The first method's recovery codes, to be shown once; null for a further method. */
  recoveryCodes: string[] | null;
};

/**
 * Step 3 of turning on the authentication app: the first code from the app
 * proves the user holds the secret, and only then is the method active.
 *
 * Throws AuthError THROTTLED (too many failed attempts, with retryAt) and
 * TwoFactorError SETUP_REQUIRED, INVALID_CODE, CLOCK_DRIFT (right code for a
 * time more than one step away: details.driftSeconds, positive when the device
 * is ahead) or ALREADY_ENABLED.
 */
export async function enableTotp({
  userId,
  sessionId,
  code,
  context,
  now = new Date(),
}: EnableMethodOptions): Promise<MethodEnabled> {
  const pending = await db.pendingTotpSetup.findUnique({ where: { userId } });
  if (!pending) throw new TwoFactorError("SETUP_REQUIRED");
  if (pending.expiresAt <= now) {
    await db.pendingTotpSetup.deleteMany({ where: { userId, expiresAt: { lte: now } } });
    throw new TwoFactorError("SETUP_REQUIRED");
  }

  const activated = await withAttempt(
    sessionCounter(sessionId),
    async () => {
      const normalizedCode = normalizeTotpCode(code);
      const secret = decryptTotpSecret(pending.secretEncrypted, userId);
      const step = matchTotpStep(secret, normalizedCode, now);
      if (step === null) {
        const driftSeconds = findTotpDriftSeconds(secret, normalizedCode, now);
        throw driftSeconds === null
          ? new TwoFactorError("INVALID_CODE")
          : new TwoFactorError("CLOCK_DRIFT", { driftSeconds });
      }
      return db.$transaction(async (tx) => {
        // Deleting first makes parallel requests with the same code queue on the
        // row: only the one that deletes it goes on.
        const claimed = await tx.pendingTotpSetup.deleteMany({
          where: { userId, secretEncrypted: pending.secretEncrypted, expiresAt: { gt: now } },
        });
        if (claimed.count !== 1) throw new TwoFactorError("SETUP_REQUIRED");
        // The box is bound to the user, not to the table, so it moves over as it is.
        const totp = { secretEncrypted: pending.secretEncrypted, lastUsedStep: step };
        return activateMethod(tx, { userId, type: "totp", context, now, totp });
      });
    },
    { onSuccess: "clear", now, onRefused: auditRefusals({ userId, failure: "code_failed", method: "totp", context }) },
  );

  // The method is on whatever happens to the mail; the caller can say it was not sent.
  const notificationSent = await notifyMethodChange(activated.user, { kind: "enabled", method: "totp" }, { context, now });
  return { becamePrimary: activated.becamePrimary, notificationSent, recoveryCodes: activated.recoveryCodes };
}
