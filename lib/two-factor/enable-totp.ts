import "server-only";
import { attemptKeyForUser, clearAttempts, reserveAttempt } from "@/lib/auth/attempt-limiter";
import { db } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { totpEnabledMail } from "@/lib/mail/messages/totp-enabled";
import { sendNotification } from "@/lib/mail/send-notification";
import type { RequestContext } from "@/lib/request-context";
import { recordSecurityEvent } from "@/lib/security-events";
import { decryptTotpSecret } from "@/lib/two-factor/secret-box";
import { findTotpDriftSeconds, matchTotpStep, normalizeTotpCode } from "@/lib/two-factor/totp";
import { TwoFactorError } from "@/lib/two-factor/two-factor-error";

/**
 * Step 3 of turning on the authentication app: the first code from the app
 * proves the user holds the secret, and only then is the method active.
 *
 * Throws AuthError THROTTLED (too many failed attempts, with retryAt) and
 * TwoFactorError SETUP_REQUIRED, INVALID_CODE, CLOCK_DRIFT (right code for a
 * time more than one step away: details.driftSeconds, positive when the device
 * is ahead) or ALREADY_ENABLED.
 */

export type EnableTotpResult = { becamePrimary: boolean; notificationSent: boolean };

export async function enableTotp(
  userId: string,
  code: string,
  context: RequestContext,
  now = new Date(),
): Promise<EnableTotpResult> {
  const pending = await db.pendingTotpSetup.findUnique({ where: { userId } });
  if (!pending) throw new TwoFactorError("SETUP_REQUIRED");
  if (pending.expiresAt <= now) {
    await db.pendingTotpSetup.deleteMany({ where: { userId, expiresAt: { lte: now } } });
    throw new TwoFactorError("SETUP_REQUIRED");
  }

  const attemptKey = attemptKeyForUser(userId);
  await reserveAttempt(attemptKey, now);
  const normalizedCode = normalizeTotpCode(code);
  const secret = decryptTotpSecret(pending.secretEncrypted, userId);
  const step = matchTotpStep(secret, normalizedCode, now);
  if (step === null) {
    const driftSeconds = findTotpDriftSeconds(secret, normalizedCode, now);
    throw driftSeconds === null ? new TwoFactorError("INVALID_CODE") : new TwoFactorError("CLOCK_DRIFT", { driftSeconds });
  }

  let outcome: { becamePrimary: boolean; email: string; name: string };
  try {
    outcome = await db.$transaction(async (tx) => {
      // Deleting first makes parallel requests with the same code queue on the
      // row: only the one that deletes it goes on.
      const claimed = await tx.pendingTotpSetup.deleteMany({
        where: { userId, secretEncrypted: pending.secretEncrypted, expiresAt: { gt: now } },
      });
      if (claimed.count !== 1) throw new TwoFactorError("SETUP_REQUIRED");
      // The box is bound to the user, not to the table, so it moves over as it is.
      await tx.twoFactorMethod.create({
        data: {
          userId,
          type: "totp",
          totpSecretEncrypted: pending.secretEncrypted,
          totpLastUsedStep: BigInt(step),
          enabledAt: now,
        },
      });
      const madePrimary = await tx.user.updateMany({
        where: { id: userId, primaryTwoFactorType: null },
        data: { primaryTwoFactorType: "totp" },
      });
      await recordSecurityEvent(userId, "two-factor.totp.enabled", context, tx);
      const user = await tx.user.findUniqueOrThrow({ where: { id: userId }, select: { email: true, name: true } });
      return { becamePrimary: madePrimary.count === 1, ...user };
    });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      throw new TwoFactorError("ALREADY_ENABLED");
    }
    throw error;
  }
  await clearAttempts(attemptKey);

  // The method is on whatever happens to the mail; the caller can say it was not sent.
  const notificationSent = await sendNotification(outcome.email, totpEnabledMail(outcome.name, context, now));
  return { becamePrimary: outcome.becamePrimary, notificationSent };
}
