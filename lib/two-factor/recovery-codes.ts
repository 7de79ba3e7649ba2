import "server-only";
import { randomInt } from "node:crypto";
import { keyedHash } from "@/lib/auth/tokens";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import {
  formatRecoveryCode,
  normalizeRecoveryCode,
  RECOVERY_CODE_ALPHABET,
  RECOVERY_CODE_LENGTH,
  RECOVERY_CODES_PER_SET,
} from "@/lib/two-factor/recovery-code-format";
import { TwoFactorError } from "@/lib/two-factor/two-factor-error";

/**
 * Storage of recovery codes. The database keeps only a keyed hash bound to the
 * user, so neither a database leak nor another user's code opens an account.
 * Every function takes the caller's transaction: a set is issued, replaced,
 * voided or used together with what it belongs to (a method, a session).
 */

function generateRecoveryCode(): string {
  let code = "";
  for (let i = 0; i < RECOVERY_CODE_LENGTH; i++) code += RECOVERY_CODE_ALPHABET[randomInt(RECOVERY_CODE_ALPHABET.length)];
  return code;
}

function recoveryCodeHash(userId: string, normalizedCode: string): string {
  return keyedHash(`recovery-code:${userId}`, normalizedCode);
}

/** A fresh set replaces whatever the user had; returns the codes, formatted, to be shown once and never again. */
export async function issueRecoveryCodes(tx: Prisma.TransactionClient, userId: string, now: Date): Promise<string[]> {
  const codes = Array.from({ length: RECOVERY_CODES_PER_SET }, generateRecoveryCode);
  await voidRecoveryCodes(tx, userId);
  await tx.recoveryCode.createMany({
    data: codes.map((code) => ({ userId, codeHash: recoveryCodeHash(userId, code), createdAt: now })),
  });
  return codes.map(formatRecoveryCode);
}

/** Every code of the user stops working: a new set replaces them, or the user has no method left to recover. */
export async function voidRecoveryCodes(tx: Prisma.TransactionClient, userId: string): Promise<void> {
  await tx.recoveryCode.deleteMany({ where: { userId } });
}

/**
 * Uses up one of the user's unused codes. Conditional, so of parallel requests
 * with one code exactly one gets it; the others, and a code that is malformed,
 * used, voided or another user's, get INVALID_RECOVERY_CODE.
 */
export async function consumeRecoveryCode(
  tx: Prisma.TransactionClient,
  { userId, code, now }: { userId: string; code: string; now: Date },
): Promise<void> {
  const normalized = normalizeRecoveryCode(code);
  const used = normalized
    ? await tx.recoveryCode.updateMany({
        where: { userId, codeHash: recoveryCodeHash(userId, normalized), usedAt: null },
        data: { usedAt: now },
      })
    : { count: 0 };
  if (used.count !== 1) throw new TwoFactorError("INVALID_RECOVERY_CODE");
}

export async function countRecoveryCodesLeft(userId: string, tx: Prisma.TransactionClient = db): Promise<number> {
  return tx.recoveryCode.count({ where: { userId, usedAt: null } });
}
