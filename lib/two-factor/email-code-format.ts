import "server-only";
import { randomInt } from "node:crypto";
import { keyedHash } from "@/lib/auth/tokens";
import type { EmailCodePurpose } from "@/lib/generated/prisma/client";

/**
 * Emailed one-time codes (NIST SP 800-63B "out-of-band", OWASP ASVS 5.0 V6):
 * six digits from crypto.randomInt, kept only as a keyed hash bound to the user
 * and the purpose, valid 10 minutes, single use, dead after 5 wrong tries. A
 * resend voids the earlier code, inherits its failure count, and waits 60 s.
 * issue-email-code.ts sends them, verify-email-code.ts checks them.
 */

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

export function emailCodeHash(userId: string, purpose: EmailCodePurpose, code: string): string {
  return keyedHash(`email-code:${purpose}:${userId}`, code);
}
