import "server-only";
import { randomBytes, timingSafeEqual } from "node:crypto";
import { generateSync, ScureBase32Plugin } from "otplib";
import { PRODUCT_NAME } from "@/lib/product";
import { TwoFactorError } from "@/lib/two-factor/two-factor-error";

/**
 * RFC 6238 TOTP as every authenticator app does it: HMAC-SHA-1, 6 digits,
 * 30-second steps from the Unix epoch. otplib computes the codes; this module
 * decides which steps count.
 */

export const TOTP_PERIOD_SECONDS = 30;
const TOTP_DIGITS = 6;
/** 160 bits, the size RFC 4226 recommends and authenticator apps expect. */
const TOTP_SECRET_BYTES = 20;
/** How far `findTotpDriftSeconds` looks either side: enough for a phone clock set by hand. */
const TOTP_DRIFT_SEARCH_STEPS = 20;

const base32 = new ScureBase32Plugin();

export function timeStep(now: Date): number {
  return Math.floor(now.getTime() / 1000 / TOTP_PERIOD_SECONDS);
}

export function generateTotpSecret(): string {
  return base32.encode(randomBytes(TOTP_SECRET_BYTES));
}

/**
 * The code for one time step. The secret is base32 (what the user's app holds)
 * or raw bytes; `digits` is there for the RFC test vectors, which have 8.
 */
export function totpCodeForStep(secret: string | Uint8Array, step: number, digits = TOTP_DIGITS): string {
  return generateSync({ secret, strategy: "hotp", counter: step, algorithm: "sha1", digits });
}

/** Spaces and hyphens are how people copy codes; anything else but 6 digits is wrong. */
export function normalizeTotpCode(input: string): string {
  const code = input.replace(/[\s-]/g, "");
  if (!/^\d{6}$/.test(code)) throw new TwoFactorError("INVALID_CODE");
  return code;
}

function sameCode(expected: string, given: string): boolean {
  return expected.length === given.length && timingSafeEqual(Buffer.from(expected), Buffer.from(given));
}

/** The steps to try, nearest first: 0, -1, +1, -2, +2, ... */
function stepOffsets(from: number, to: number): number[] {
  const offsets: number[] = [];
  for (let distance = from; distance <= to; distance++) {
    if (distance === 0) offsets.push(0);
    else offsets.push(-distance, distance);
  }
  return offsets;
}

/**
 * The time step the code belongs to, if it is within `window` steps of now
 * (at most one either side: a code stays usable for 60 to 90 seconds). The
 * caller must still refuse a step at or before the last one accepted.
 */
export function matchTotpStep(secret: string, code: string, now: Date, window = 1): number | null {
  if (window < 0 || window > 1) throw new RangeError("TOTP window must be 0 or 1 step");
  const current = timeStep(now);
  for (const offset of stepOffsets(0, window)) {
    if (sameCode(totpCodeForStep(secret, current + offset), code)) return current + offset;
  }
  return null;
}

/**
 * For a code that matchTotpStep refused: if it is right for a time further
 * away, how far the device's clock is off (positive: ahead). Only to explain a
 * failure; such a code is never accepted.
 */
export function findTotpDriftSeconds(
  secret: string,
  code: string,
  now: Date,
  { window = 1, searchSteps = TOTP_DRIFT_SEARCH_STEPS }: { window?: number; searchSteps?: number } = {},
): number | null {
  const current = timeStep(now);
  for (const offset of stepOffsets(window + 1, searchSteps)) {
    if (sameCode(totpCodeForStep(secret, current + offset), code)) return offset * TOTP_PERIOD_SECONDS;
  }
  return null;
}

export const TOTP_ISSUER = PRODUCT_NAME;

/** Key URI format (Google Authenticator's otpauth://), with every parameter spelled out. */
export function totpUri({ secret, email, issuer = TOTP_ISSUER }: { secret: string; email: string; issuer?: string }) {
  const label = `${encodeURIComponent(issuer)}:${encodeURIComponent(email)}`;
  const query = [
    `secret=${encodeURIComponent(secret)}`,
    `issuer=${encodeURIComponent(issuer)}`,
    "algorithm=SHA1",
    `digits=${TOTP_DIGITS}`,
    `period=${TOTP_PERIOD_SECONDS}`,
  ].join("&");
  return `otpauth://totp/${label}?${query}`;
}

/** "ABCD EFGH IJKL ...": easier to type into an app by hand. */
export function formatSecretForDisplay(secret: string): string {
  return secret.replace(/\s/g, "").replace(/(.{4})(?=.)/g, "$1 ");
}
