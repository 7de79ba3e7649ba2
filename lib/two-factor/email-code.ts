import "server-only";
import { randomInt } from "node:crypto";
import { keyedHash, sameKeyedHash } from "@/lib/auth/tokens";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { emailCodeMail } from "@/lib/mail/messages/email-code";
import { sendMail, type MailerOptions } from "@/lib/mail/send-mail";
import { TwoFactorError } from "@/lib/two-factor/two-factor-error";

/**
 * Emailed one-time codes (NIST SP 800-63B "out-of-band", OWASP ASVS 5.0 V6):
 * six digits from crypto.randomInt, kept only as a keyed hash bound to the user
 * and the purpose, valid 10 minutes, single use, dead after 5 wrong tries. A
 * resend voids the earlier code and inherits its failure count, and waits 60 s.
 *
 * These functions do not touch the per-user attempt limiter: callers reserve an
 * attempt (lib/auth/attempt-limiter.ts) before verifyEmailCode and clear it once
 * their step completes, so email failures count with passwords and TOTP.
 */

export type EmailCodePurpose = "enrolment" | "sign-in";
export type EmailCodeRecipient = { id: string; email: string; name: string };

export const EMAIL_CODE_LIFETIME_MS = 10 * 60 * 1000;
export const EMAIL_CODE_MAX_TRIES = 5;
export const EMAIL_CODE_RESEND_COOLDOWN_MS = 60 * 1000;
const CODE_DIGITS = 6;

export function generateEmailCode(): string {
  return randomInt(0, 10 ** CODE_DIGITS).toString().padStart(CODE_DIGITS, "0");
}

/** Spaces are ignored (pasted "123 456"); anything but six digits is null. */
export function normalizeEmailCode(input: string): string | null {
  const code = input.replace(/\s+/g, "");
  return /^\d{6}$/.test(code) ? code : null;
}

function emailCodeHash(userId: string, purpose: EmailCodePurpose, code: string): string {
  return keyedHash(`email-code:${purpose}:${userId}`, code);
}

/**
 * When the next code may be sent, or null if now. The newest code counts unless
 * it was used successfully (ended with fewer than the maximum failures: a voided
 * code is never the newest), so signing in twice in a minute is not held back.
 */
async function nextIssueAt(
  userId: string,
  purpose: EmailCodePurpose,
  now: Date,
  client: Prisma.TransactionClient = db,
): Promise<Date | null> {
  const newest = await client.emailCode.findFirst({
    where: { userId, purpose },
    orderBy: { createdAt: "desc" },
    select: { createdAt: true, endedAt: true, failedAttempts: true },
  });
  if (!newest || (newest.endedAt && newest.failedAttempts < EMAIL_CODE_MAX_TRIES)) return null;
  const availableAt = new Date(newest.createdAt.getTime() + EMAIL_CODE_RESEND_COOLDOWN_MS);
  return availableAt > now ? availableAt : null;
}

/** For the countdown on screen: when "Resend code" works again (null: now). */
export async function emailCodeResendAvailableAt(
  userId: string,
  purpose: EmailCodePurpose,
  now = new Date(),
): Promise<Date | null> {
  return nextIssueAt(userId, purpose, now);
}

async function assertCooldownOver(
  userId: string,
  purpose: EmailCodePurpose,
  now: Date,
  client?: Prisma.TransactionClient,
): Promise<void> {
  const retryAt = await nextIssueAt(userId, purpose, now, client);
  if (retryAt) throw new TwoFactorError("RESEND_COOLDOWN", { retryAt });
}

export type IssuedEmailCode = { expiresAt: Date; resendAvailableAt: Date };

/**
 * Mails a new code, then stores it. The mail goes first and outside any
 * transaction: if it fails (MailDeliveryError) nothing changes, the earlier code
 * stays as it was and the cooldown does not start. `alsoInTransaction` runs in
 * the transaction that stores the code (start-email-setup consumes its grant
 * there); if it throws, the code is not stored and the mailed one is useless.
 */
export async function issueEmailCode(
  user: EmailCodeRecipient,
  purpose: EmailCodePurpose,
  now = new Date(),
  mailOptions?: MailerOptions,
  alsoInTransaction?: (tx: Prisma.TransactionClient) => Promise<void>,
): Promise<IssuedEmailCode> {
  await assertCooldownOver(user.id, purpose, now);
  const code = generateEmailCode();
  const validMinutes = EMAIL_CODE_LIFETIME_MS / 60_000;
  await sendMail({ to: user.email, ...emailCodeMail({ name: user.name, code, purpose, validMinutes }) }, mailOptions);

  const expiresAt = new Date(now.getTime() + EMAIL_CODE_LIFETIME_MS);
  await db.$transaction(async (tx) => {
    // Issuing for one user is serialised, so parallel sends cannot leave two live codes.
    await tx.$queryRaw`SELECT 1 FROM users WHERE id = ${user.id}::uuid FOR UPDATE`;
    await assertCooldownOver(user.id, purpose, now, tx);
    await alsoInTransaction?.(tx);
    const earlier = await tx.emailCode.findMany({
      where: { userId: user.id, purpose, endedAt: null },
      select: { failedAttempts: true, expiresAt: true },
    });
    // Failures of a still-valid earlier code carry over: resending buys no extra guesses.
    const inheritedFailures = Math.max(0, ...earlier.filter((c) => c.expiresAt > now).map((c) => c.failedAttempts));
    await tx.emailCode.updateMany({ where: { userId: user.id, purpose, endedAt: null }, data: { endedAt: now } });
    await tx.emailCode.create({
      data: {
        userId: user.id,
        purpose,
        codeHash: emailCodeHash(user.id, purpose, code),
        failedAttempts: inheritedFailures,
        createdAt: now,
        expiresAt,
      },
    });
  });
  return { expiresAt, resendAvailableAt: new Date(now.getTime() + EMAIL_CODE_RESEND_COOLDOWN_MS) };
}

/**
 * Checks and uses up the user's current code for `purpose`. Throws
 * TwoFactorError: INVALID_CODE (malformed or wrong, or lost a race for it),
 * CODE_USED_UP (the 5th wrong try, or any try after it), CODE_EXPIRED, or
 * SETUP_REQUIRED (no code was sent, or it was already used: send a new one).
 *
 * `onVerified` runs in the same transaction that marks the code used, so the
 * code and what it unlocks (e.g. the enabled method) commit or fail together.
 * Callers must reserve a per-user attempt first (see the top of this file).
 */
export async function verifyEmailCode<T = void>(
  userId: string,
  purpose: EmailCodePurpose,
  input: string,
  now = new Date(),
  onVerified?: (tx: Prisma.TransactionClient) => Promise<T>,
): Promise<T | undefined> {
  const code = normalizeEmailCode(input);
  if (!code) throw new TwoFactorError("INVALID_CODE");
  const current = await db.emailCode.findFirst({
    where: { userId, purpose },
    orderBy: { createdAt: "desc" },
    select: { id: true, codeHash: true, endedAt: true, expiresAt: true, failedAttempts: true },
  });
  if (!current) throw new TwoFactorError("SETUP_REQUIRED");
  if (current.failedAttempts >= EMAIL_CODE_MAX_TRIES) throw new TwoFactorError("CODE_USED_UP");
  if (current.endedAt) throw new TwoFactorError("SETUP_REQUIRED");
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
    return onVerified?.(tx);
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
