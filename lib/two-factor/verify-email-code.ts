import "server-only";
import { sameKeyedHash } from "@/lib/auth/tokens";
import { db } from "@/lib/db";
import type { EmailCodePurpose, Prisma } from "@/lib/generated/prisma/client";
import { EMAIL_CODE_MAX_TRIES, emailCodeHash, normalizeEmailCode } from "@/lib/two-factor/email-code-format";
import { endCodeMailCooldown } from "@/lib/two-factor/issue-email-code";
import { TwoFactorError } from "@/lib/two-factor/two-factor-error";

export type VerifyEmailCodeOptions<T> = {
  userId: string;
  purpose: EmailCodePurpose;
  code: string;
  now?: Date;
  /**
   * Runs in the same transaction that marks the code used, so the code and
   * what it unlocks (the enabled method, the session) commit or fail together.
   */
  onVerified: (tx: Prisma.TransactionClient) => Promise<T>;
};

/**
 * Checks and uses up the user's current code for `purpose`. It does not touch
 * the per-user attempt limiter: callers run it inside withAttempt, so email
 * failures count with passwords and TOTP.
 *
 * Throws TwoFactorError INVALID_CODE (malformed or wrong, or lost a race for
 * it), CODE_USED_UP (the 5th wrong try, or any try after it), CODE_EXPIRED, or
 * NO_LIVE_CODE (none was sent, or it was already used: send a new one).
 */
export async function verifyEmailCode<T>({
  userId,
  purpose,
  code: input,
  now = new Date(),
  onVerified,
}: VerifyEmailCodeOptions<T>): Promise<T> {
  const code = normalizeEmailCode(input);
  if (!code) throw new TwoFactorError("INVALID_CODE");
  const current = await db.emailCode.findFirst({
    where: { userId, purpose },
    orderBy: { createdAt: "desc" },
    select: { id: true, codeHash: true, endedAt: true, expiresAt: true, failedAttempts: true },
  });
  if (!current) throw new TwoFactorError("NO_LIVE_CODE");
  if (current.failedAttempts >= EMAIL_CODE_MAX_TRIES) throw new TwoFactorError("CODE_USED_UP");
  if (current.endedAt) throw new TwoFactorError("NO_LIVE_CODE");
  if (current.expiresAt <= now) throw new TwoFactorError("CODE_EXPIRED");

  if (!sameKeyedHash(emailCodeHash(userId, purpose, code), current.codeHash)) {
    await countWrongTry(current.id, now);
  }
  return db.$transaction(async (tx) => {
    // Conditional: of parallel requests with the right code, exactly one uses it.
    const used = await tx.emailCode.updateMany({
      where: { id: current.id, endedAt: null, expiresAt: { gt: now }, failedAttempts: { lt: EMAIL_CODE_MAX_TRIES } },
      data: { endedAt: now },
    });
    if (used.count !== 1) throw new TwoFactorError("INVALID_CODE");
    await endCodeMailCooldown(userId, tx);
    return onVerified(tx);
  });
}

async function countWrongTry(emailCodeId: string, now: Date): Promise<never> {
  const [counted] = await db.emailCode.updateManyAndReturn({
    where: { id: emailCodeId, endedAt: null },
    data: { failedAttempts: { increment: 1 } },
    select: { failedAttempts: true },
  });
  if (!counted || counted.failedAttempts < EMAIL_CODE_MAX_TRIES) throw new TwoFactorError("INVALID_CODE");
  await db.emailCode.updateMany({ where: { id: emailCodeId, endedAt: null }, data: { endedAt: now } });
  throw new TwoFactorError("CODE_USED_UP");
}
