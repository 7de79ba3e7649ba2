import "server-only";
import { cookieOptions, hostCookieName } from "@/lib/auth/cookie-options";
import { knownDeviceCookie } from "@/lib/auth/known-device";
import { PENDING_SIGN_IN_COOKIE, PENDING_SIGN_IN_LIFETIME_MS } from "@/lib/auth/pending-sign-in";
import { DEFAULT_RETURN_PATH, safeReturnPath } from "@/lib/auth/return-path";
import { SESSION_MAX_AGE_SECONDS } from "@/lib/auth/sessions";
import { TRUSTED_BROWSER_LIFETIME_MS } from "@/lib/auth/trusted-browsers";
import { cookies } from "next/headers";

/** The browser's side of signing in: the pending sign-in cookie, then the session cookie. */

function sessionCookieName(): string {
  return hostCookieName("session");
}

/** The pending sign-in and the return path: SameSite=Strict, only ever read by same-site pages and steps. */
function signInStepCookieOptions(lifetimeMs: number) {
  return cookieOptions({ maxAgeSeconds: Math.ceil(lifetimeMs / 1000), sameSite: "strict" });
}

export async function holdPendingSignIn(pendingSignInToken: string, lifetimeMs = PENDING_SIGN_IN_LIFETIME_MS) {
  (await cookies()).set(PENDING_SIGN_IN_COOKIE, pendingSignInToken, signInStepCookieOptions(lifetimeMs));
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

export async function holdReturnPath(path: string, lifetimeMs = PENDING_SIGN_IN_LIFETIME_MS): Promise<void> {
  const jar = await cookies();
  const returnTo = safeReturnPath(path);
  if (returnTo === DEFAULT_RETURN_PATH) jar.set(RETURN_PATH_COOKIE, "", signInStepCookieOptions(0));
  else jar.set(RETURN_PATH_COOKIE, returnTo, signInStepCookieOptions(lifetimeMs));
}

/** The held return path (or the customer area), forgotten as it is read. */
export async function takeReturnPath(): Promise<string> {
  const jar = await cookies();
  const held = jar.get(RETURN_PATH_COOKIE)?.value;
  if (held !== undefined) jar.set(RETURN_PATH_COOKIE, "", signInStepCookieOptions(0));
  return safeReturnPath(held);
}

/**
 * Every factor has been checked and the session row exists: the browser gets
 * its token (Lax, so a link from a mail into the app arrives signed in), loses
 * the pending sign-in, and is remembered as a browser this user signed in with.
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
  await releasePendingSignIn();
  const jar = await cookies();
  jar.set(sessionCookieName(), sessionToken, cookieOptions({ maxAgeSeconds: SESSION_MAX_AGE_SECONDS, sameSite: "lax" }));
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

export async function readSessionCookie(): Promise<string | undefined> {
  return (await cookies()).get(sessionCookieName())?.value;
}

/** Expired with the same attributes it was set with: a `__Host-` cookie is only replaced by a Secure one. */
export async function clearSessionCookie(): Promise<void> {
  (await cookies()).set(sessionCookieName(), "", cookieOptions({ maxAgeSeconds: 0, sameSite: "lax" }));
}
