import "server-only";
import { cookieOptions, hostCookieName } from "@/lib/auth/cookie-options";
import { knownDeviceCookie } from "@/lib/auth/known-device";
import { PENDING_SIGN_IN_COOKIE, PENDING_SIGN_IN_LIFETIME_MS } from "@/lib/auth/pending-sign-in";
import { DEFAULT_RETURN_PATH, safeReturnPath } from "@/lib/auth/return-path";
import { SESSION_MAX_AGE_SECONDS } from "@/lib/auth/sessions";
import { handOverSession } from "@/lib/auth/session-handoff";
import { TRUSTED_BROWSER_LIFETIME_MS } from "@/lib/auth/trusted-browsers";
import { cookies } from "next/headers";

/** The browser's side of signing in: the pending sign-in cookie, then the session cookie. */

/** The session cookie, written and read by Auth.js (auth.ts) and holding our opaque token (lib/auth/sessions.ts). */
export function sessionCookie() {
  return {
    name: hostCookieName("session"),
    // Lax, so that a link from a mail into the app arrives signed in.
    options: cookieOptions({ maxAgeSeconds: SESSION_MAX_AGE_SECONDS, sameSite: "lax" }),
  };
}

/** The pending sign-in and the return path: SameSite=Strict, only ever read by same-site pages and steps. */
function signInStepCookieOptions(lifetimeMs: number) {
  return cookieOptions({ maxAgeSeconds: Math.ceil(lifetimeMs / 1000), sameSite: "strict" });
}

/**
 * `sameSite: "lax"` only for a pending sign-in that an identity provider's
 * callback starts: the browser arrives at /sign-in/verify at the end of a
 * redirect chain that began on the provider's site, where it sends no Strict cookie.
 */
export async function holdPendingSignIn(
  pendingSignInToken: string,
  lifetimeMs = PENDING_SIGN_IN_LIFETIME_MS,
  { sameSite = "strict" }: { sameSite?: "strict" | "lax" } = {},
) {
  const options = cookieOptions({ maxAgeSeconds: Math.ceil(lifetimeMs / 1000), sameSite });
  (await cookies()).set(PENDING_SIGN_IN_COOKIE, pendingSignInToken, options);
}

export async function pendingSignInCookie(): Promise<string | undefined> {
  return (await cookies()).get(PENDING_SIGN_IN_COOKIE)?.value;
}

/** Expired with the attributes they were set with, so that the browser replaces them. */
export async function releasePendingSignIn(): Promise<void> {
  const jar = await cookies();
  jar.set(PENDING_SIGN_IN_COOKIE, "", signInStepCookieOptions(0));
  jar.set(RETURN_PATH_COOKIE, "", signInStepCookieOptions(0));
}

/** Where the sign-in returns once the second factor is done: held beside the pending sign-in, checked again when read. */
const RETURN_PATH_COOKIE = "sign_in_return_path";

export async function holdReturnPath(path: string, { sameSite = "strict" }: { sameSite?: "strict" | "lax" } = {}): Promise<void> {
  const jar = await cookies();
  const returnTo = safeReturnPath(path);
  if (returnTo === DEFAULT_RETURN_PATH) jar.set(RETURN_PATH_COOKIE, "", signInStepCookieOptions(0));
  else jar.set(RETURN_PATH_COOKIE, returnTo, cookieOptions({ maxAgeSeconds: Math.ceil(PENDING_SIGN_IN_LIFETIME_MS / 1000), sameSite }));
}

/** The held return path (or the customer area), forgotten as it is read. */
export async function takeReturnPath(): Promise<string> {
  const jar = await cookies();
  const held = jar.get(RETURN_PATH_COOKIE)?.value;
  if (held !== undefined) jar.set(RETURN_PATH_COOKIE, "", signInStepCookieOptions(0));
  return safeReturnPath(held);
}

/**
 * Every factor has been checked and the session row exists: Auth.js gets its
 * token for the session cookie (lib/auth/session-handoff.ts), and the browser
 * loses the pending sign-in and is remembered as a browser this user signed in with.
 */
export async function startSession({
  userId,
  sessionToken,
  trustedBrowserToken,
}: {
  userId: string;
  sessionToken: string;
  /** Set when the user chose "Trust this browser for 30 days" and the code was right. */
  trustedBrowserToken?: string;
}) {
  handOverSession(userId, sessionToken);
  await releasePendingSignIn();
  const jar = await cookies();
  const device = knownDeviceCookie(userId);
  jar.set(device.name, device.value, device.options);
  if (trustedBrowserToken) {
    // Lax like the session's; it is only ever read by the password step, a same-site POST.
    const maxAgeSeconds = Math.floor(TRUSTED_BROWSER_LIFETIME_MS / 1000);
    jar.set(trustedBrowserCookieName(), trustedBrowserToken, cookieOptions({ maxAgeSeconds, sameSite: "lax" }));
  }
}

function trustedBrowserCookieName(): string {
  return hostCookieName("trusted_browser");
}

/** The token of "Trust this browser for 30 days", if this browser holds one (whoever's it is). */
export async function readTrustedBrowserCookie(): Promise<string | undefined> {
  return (await cookies()).get(trustedBrowserCookieName())?.value;
}
