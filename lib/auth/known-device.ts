import "server-only";
import { cookieOptions, hostCookieName } from "@/lib/auth/cookie-options";
import { keyedHash, sameKeyedHash } from "@/lib/auth/tokens";

/**
 * "This browser signed in as this user before" (OWASP's device cookie): set
 * after every completed sign-in, signed with a server key, so it cannot be made
 * up. A browser that holds it for a user is its own client to the attempt
 * limiter and is not held back by the ceiling that strangers' failures raise.
 * It proves nothing else: the password and the second factor are still asked.
 * A password change, a reset or an owner's reset of two-factor authentication
 * makes every earlier cookie of the user a stranger's (users.known_devices_from,
 * compared in the sign-in statement): whoever held the old password gets no
 * more guesses from a browser it signed in with.
 */

export type KnownDevice = { userId: string; deviceId: string; issuedAt: Date };

/** known_devices_from for a change at `now`: whole seconds, as the cookie's issue time is. */
export function knownDevicesFrom(now: Date): Date {
  return new Date(Math.floor(now.getTime() / 1000) * 1000);
}

const LIFETIME_SECONDS = 365 * 24 * 60 * 60;

export function knownDeviceCookieName(): string {
  return hostCookieName("known_device");
}

function mac(userId: string, issuedAt: string): string {
  return keyedHash("known-device", `${userId}.${issuedAt}`);
}

export function knownDeviceCookie(userId: string, now = new Date()) {
  const issuedAt = String(Math.floor(now.getTime() / 1000));
  return {
    name: knownDeviceCookieName(),
    value: `${userId}.${issuedAt}.${mac(userId, issuedAt)}`,
    options: cookieOptions({ maxAgeSeconds: LIFETIME_SECONDS, sameSite: "lax" }),
  };
}

type CookieJar = { get(name: string): { value: string } | undefined };

export function readKnownDevice(jar: CookieJar, now = new Date()): KnownDevice | null {
  const [userId, issuedAt, signature, ...rest] = (jar.get(knownDeviceCookieName())?.value ?? "").split(".");
  if (!userId || !issuedAt || !signature || rest.length > 0 || !/^\d{1,12}$/.test(issuedAt)) return null;
  if (Number(issuedAt) * 1000 + LIFETIME_SECONDS * 1000 <= now.getTime()) return null;
  if (!sameKeyedHash(mac(userId, issuedAt), signature)) return null;
  return { userId, deviceId: signature.slice(0, 22), issuedAt: new Date(Number(issuedAt) * 1000) };
}
