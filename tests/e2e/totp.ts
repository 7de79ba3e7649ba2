import { createHmac } from "node:crypto";

/**
 * An authenticator app for the tests: RFC 6238 (HMAC-SHA-1, 6 digits, 30 s)
 * from the manual key shown on screen. Written against node:crypto rather than
 * the app's own TOTP module (otplib), so the e2e suite checks the app against
 * an independent implementation of the RFC.
 */

export const TOTP_PERIOD_MS = 30_000;
const BASE32_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/** RFC 4648 base32, ignoring the spaces of the grouped key, case and padding. */
function base32Decode(key: string): Buffer {
  const clean = key.replace(/[\s=-]/g, "").toUpperCase();
  let bits = 0;
  let value = 0;
  const bytes: number[] = [];
  for (const char of clean) {
    const index = BASE32_ALPHABET.indexOf(char);
    if (index === -1) throw new Error(`Not a base32 character: ${char}`);
    value = (value << 5) | index;
    bits += 5;
    if (bits >= 8) {
      bytes.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(bytes);
}

/** RFC 4226 HOTP with dynamic truncation. */
function hotp(secret: Buffer, counter: number, digits = 6): string {
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac("sha1", secret).update(message).digest();
  const offset = mac[mac.length - 1]! & 0x0f;
  const binary = mac.readUInt32BE(offset) & 0x7fffffff;
  return String(binary % 10 ** digits).padStart(digits, "0");
}

export function timeStep(now = Date.now()): number {
  return Math.floor(now / TOTP_PERIOD_MS);
}

export function msLeftInStep(now = Date.now()): number {
  return TOTP_PERIOD_MS - (now % TOTP_PERIOD_MS);
}

/** The code for an exact time step. */
export function totpCodeForStep(secret: string, step: number): string {
  return hotp(base32Decode(secret), step);
}

/** The code an app shows now, or `offsetSteps` steps from now. */
export function totpCode(secret: string, offsetSteps = 0, now = Date.now()): string {
  return totpCodeForStep(secret, timeStep(now) + offsetSteps);
}
