import "server-only";
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { config, type TotpKey } from "@/lib/config";

/**
 * TOTP secrets at rest: AES-256-GCM under a key from TOTP_ENCRYPTION_KEY (never
 * in the database). The box names its key, so old boxes still open after a new
 * key is put first. The user id is authenticated data: a box copied into
 * another user's row does not open.
 *
 *   v1.<key id>.<iv>.<auth tag>.<ciphertext>   (base64url parts)
 */

const VERSION = "v1";
const IV_BYTES = 12;
const TAG_BYTES = 16;

export class SecretBoxError extends Error {
  override name = "SecretBoxError";
}

function additionalData(userId: string): Buffer {
  return Buffer.from(`totp-secret:${VERSION}:${userId}`, "utf8");
}

export function encryptTotpSecret(
  plainSecret: string,
  userId: string,
  keys: readonly TotpKey[] = config().totpKeys,
): string {
  const key = keys[0];
  if (!key) throw new SecretBoxError("No TOTP encryption key");
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key.key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(additionalData(userId));
  const ciphertext = Buffer.concat([cipher.update(plainSecret, "utf8"), cipher.final()]);
  const tag = cipher.getAuthTag();
  return [VERSION, key.id, iv.toString("base64url"), tag.toString("base64url"), ciphertext.toString("base64url")].join(
    ".",
  );
}

/** Throws SecretBoxError for an unknown key, a foreign user or any tampering. */
export function decryptTotpSecret(box: string, userId: string, keys: readonly TotpKey[] = config().totpKeys): string {
  const parts = box.split(".");
  if (parts.length !== 5 || parts[0] !== VERSION) throw new SecretBoxError("Unrecognised TOTP secret format");
  const [, keyId, ivPart, tagPart, ciphertextPart] = parts as [string, string, string, string, string];
  const key = keys.find((candidate) => candidate.id === keyId);
  if (!key) throw new SecretBoxError(`No TOTP encryption key with id ${keyId}`);
  const iv = Buffer.from(ivPart, "base64url");
  const tag = Buffer.from(tagPart, "base64url");
  if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) throw new SecretBoxError("Damaged TOTP secret");
  try {
    const decipher = createDecipheriv("aes-256-gcm", key.key, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(additionalData(userId));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(Buffer.from(ciphertextPart, "base64url")), decipher.final()]).toString(
      "utf8",
    );
  } catch (error) {
    // Node's message ("Unsupported state or unable to authenticate data") says nothing useful.
    throw new SecretBoxError("TOTP secret failed authentication (wrong key, wrong user or tampered)", {
      cause: error,
    });
  }
}
