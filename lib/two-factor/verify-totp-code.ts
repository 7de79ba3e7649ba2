import "server-only";
import { db, sql } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { decryptTotpSecret } from "@/lib/two-factor/secret-box";
import { matchTotpStep, normalizeTotpCode } from "@/lib/two-factor/totp";
import { TwoFactorError } from "@/lib/two-factor/two-factor-error";

/**
 * Checking a code from the user's active authentication app. A code is
 * accepted once: its step must be later than the last accepted one, and that
 * is claimed in one conditional update (totpStepClaim), so parallel requests
 * with the same code cannot both pass.
 *
 * None of this counts attempts: callers run it inside withAttempt, because a
 * sign-in spans several checks.
 */

export type MatchedTotpCode = { methodId: string; step: number };

/** The step `code` matches (+-1 step), or throws NOT_ENABLED or INVALID_CODE. */
function matchedStep(
  method: { id: string; totpSecretEncrypted: string | null } | null | undefined,
  { userId, code, now }: { userId: string; code: string; now: Date },
): MatchedTotpCode {
  if (!method?.totpSecretEncrypted) throw new TwoFactorError("NOT_ENABLED");
  const secret = decryptTotpSecret(method.totpSecretEncrypted, userId);
  const step = matchTotpStep(secret, normalizeTotpCode(code), now);
  if (step === null) throw new TwoFactorError("INVALID_CODE");
  return { methodId: method.id, step };
}

/**
 * The update that accepts the matched step once, as a statement part (a CTE
 * body returning a row when it was accepted): only a step later than the last
 * accepted one, and only while `alsoWhen` holds.
 */
export function totpStepClaim({ methodId, step }: MatchedTotpCode, alsoWhen: Prisma.Sql = Prisma.sql`TRUE`): Prisma.Sql {
  return Prisma.sql`
    UPDATE two_factor_methods SET totp_last_used_step = ${step}::bigint
     WHERE id = ${methodId}::uuid AND (totp_last_used_step IS NULL OR totp_last_used_step < ${step}::bigint) AND ${alsoWhen}
    RETURNING id`;
}

/**
 * For the sign-in's second step, which claims the step in the statement that
 * finishes the sign-in: the user's app and the step the code matches, read
 * outside any transaction (lib/db.ts sql). Throws NOT_ENABLED or INVALID_CODE.
 */
export async function matchTotpCode({ userId, code, now }: { userId: string; code: string; now: Date }): Promise<MatchedTotpCode> {
  const [method] = await sql<{ id: string; totpSecretEncrypted: string | null }>`
    SELECT id, totp_secret_encrypted AS "totpSecretEncrypted" FROM two_factor_methods WHERE user_id = ${userId}::uuid AND type = 'totp'`;
  return matchedStep(method, { userId, code, now });
}

/**
 * Checks a code and accepts it, in `tx` (the password reset's second factor).
 * Throws TwoFactorError NOT_ENABLED or INVALID_CODE (wrong, out of the +-1
 * step window, or already used).
 */
export async function verifyTotpCode(
  { userId, code, now = new Date() }: { userId: string; code: string; now?: Date },
  tx: Prisma.TransactionClient = db,
): Promise<void> {
  const method = await tx.twoFactorMethod.findUnique({
    where: { userId_type: { userId, type: "totp" } },
    select: { id: true, totpSecretEncrypted: true },
  });
  const claimed = await tx.$queryRaw<{ id: string }[]>(totpStepClaim(matchedStep(method, { userId, code, now })));
  if (claimed.length !== 1) throw new TwoFactorError("INVALID_CODE");
}
