import "server-only";
import { keyedHash, sameKeyedHash } from "@/lib/auth/tokens";

/**
 * A small value the browser carries for the server (a cookie), signed with the
 * server's key so that the browser can hold it but not change or forge it.
 * `purpose` keeps a value signed for one cookie from being accepted by another.
 * Nothing secret goes in: the browser can read it.
 */

export function signValue(purpose: string, value: unknown): string {
  const payload = Buffer.from(JSON.stringify(value)).toString("base64url");
  return `${payload}.${keyedHash(purpose, payload)}`;
}

/** The value, if `signed` was signed for `purpose` and `isValid` accepts it; null for anything else. */
export function readSignedValue<T>(purpose: string, signed: string | undefined, isValid: (value: unknown) => value is T): T | null {
  const [payload, signature, extra] = (signed ?? "").split(".");
  if (!payload || !signature || extra !== undefined || !sameKeyedHash(keyedHash(purpose, payload), signature)) return null;
  try {
    const value: unknown = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
    return isValid(value) ? value : null;
  } catch {
    return null;
  }
}
