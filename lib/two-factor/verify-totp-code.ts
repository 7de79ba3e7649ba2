import "server-only";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { decryptTotpSecret } from "@/lib/two-factor/secret-box";
import { matchTotpStep, normalizeTotpCode } from "@/lib/two-factor/totp";
import { TwoFactorError } from "@/lib/two-factor/two-factor-error";

/**
 * Checks a code from the user's active authentication app (the sign-in step).
 * A code is accepted once: its step must be later than the last accepted one,
 * and that is claimed in one conditional update, so parallel requests with
 * the same code cannot both pass.
 *
 * It does not count attempts: the caller runs it inside withAttempt, because a
 * sign-in spans several checks.
 *
 * Throws TwoFactorError NOT_ENABLED or INVALID_CODE (wrong, out of the +-1 step
 * window, or already used).
 */
export async function verifyTotpCode(
  { userId, code, now = new Date() }: { userId: string; code: string; now?: Date },
  tx: Prisma.TransactionClient = db,
): Promise<void> {
  const method = await tx.twoFactorMethod.findUnique({
    where: { userId_type: { userId, type: "totp" } },
    select: { id: true, totpSecretEncrypted: true },
  });
  if (!method?.totpSecretEncrypted) throw new TwoFactorError("NOT_ENABLED");

  const normalizedCode = normalizeTotpCode(code);
  const secret = decryptTotpSecret(method.totpSecretEncrypted, userId);
  const step = matchTotpStep(secret, normalizedCode, now);
  if (step === null) throw new TwoFactorError("INVALID_CODE");

  const claimed = await tx.twoFactorMethod.updateMany({
    where: {
      id: method.id,
      OR: [{ totpLastUsedStep: null }, { totpLastUsedStep: { lt: BigInt(step) } }],
    },
    data: { totpLastUsedStep: BigInt(step) },
  });
  if (claimed.count !== 1) throw new TwoFactorError("INVALID_CODE");
}
