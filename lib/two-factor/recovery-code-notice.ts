import "server-only";
import { db } from "@/lib/db";
import type { SecurityEventType } from "@/lib/generated/prisma/client";
import { hasTwoFactor } from "@/lib/two-factor/active-methods";
import { RECOVERY_CODES_LOW } from "@/lib/two-factor/recovery-code-format";
import { countRecoveryCodesLeft } from "@/lib/two-factor/recovery-codes";

export type RecoveryCodeNotice = {
  codesLeft: number;
  /** The user's latest sign-in used a recovery code, and no new set was generated since. */
  signedInWithRecoveryCode: boolean;
  /** RECOVERY_CODES_LOW or fewer left. */
  runningLow: boolean;
};

/** What ends "you signed in with a recovery code": a later sign-in, or a new set. */
const LATER_THAN_A_RECOVERY_SIGN_IN: SecurityEventType[] = [
  "sign_in",
  "sign_in_second_factor",
  "sign_in_recovery_code",
  "recovery_codes_generated",
];

/**
 * What the customer area home page says about recovery codes, or null for
 * nothing: after a sign-in with one, how many are left (until the user signs
 * in with a method or generates new codes), and whenever few are left. Read
 * from the audit trail, not from the address, so nothing a link carries can
 * make the page say it.
 */
export async function getRecoveryCodeNotice(userId: string): Promise<RecoveryCodeNotice | null> {
  if (!(await hasTwoFactor(userId))) return null;
  const [codesLeft, latest] = await Promise.all([
    countRecoveryCodesLeft(userId),
    db.securityEvent.findFirst({
      where: { userId, type: { in: LATER_THAN_A_RECOVERY_SIGN_IN } },
      orderBy: { createdAt: "desc" },
      select: { type: true },
    }),
  ]);
  const signedInWithRecoveryCode = latest?.type === "sign_in_recovery_code";
  const runningLow = codesLeft <= RECOVERY_CODES_LOW;
  return signedInWithRecoveryCode || runningLow ? { codesLeft, signedInWithRecoveryCode, runningLow } : null;
}
