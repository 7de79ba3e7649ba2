import "server-only";
import { createHmac, hkdfSync, randomBytes, timingSafeEqual } from "node:crypto";
import { config } from "@/lib/config";

/**
 * Random tokens travel to the browser (cookies, links); the database keeps only
 * a keyed hash of them, so a database leak gives nobody a usable token.
 */

export function randomToken(): string {
  return randomBytes(32).toString("base64url");
}

let hashKey: Buffer | undefined;

function keyedHashKey(): Buffer {
  hashKey ??= Buffer.from(hkdfSync("sha256", config().authSecret, "", "security-and-access/keyed-hash", 32));
  return hashKey;
}

/** HMAC-SHA-256 under a server key; `purpose` keeps hashes of one kind from matching another. */
export function keyedHash(purpose: string, value: string): string {
  return createHmac("sha256", keyedHashKey()).update(`${purpose}\0${value}`).digest("base64url");
}

export function sameKeyedHash(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
