import "server-only";
import { cookies } from "next/headers";
import { signIn } from "@/lib/auth/next-auth";
import { PENDING_SIGN_IN_COOKIE, PENDING_SIGN_IN_LIFETIME_MS } from "@/lib/auth/pending-sign-in";
import { config } from "@/lib/config";

/** The browser's side of signing in: the pending sign-in cookie and the session that follows it. */

export async function holdPendingSignIn(pendingSignInToken: string): Promise<void> {
  (await cookies()).set(PENDING_SIGN_IN_COOKIE, pendingSignInToken, {
    httpOnly: true,
    // Only ever read by same-site pages (/sign-in/verify), never by a cross-site navigation.
    sameSite: "strict",
    secure: config().appUrl.startsWith("https://"),
    path: "/",
    maxAge: PENDING_SIGN_IN_LIFETIME_MS / 1000,
  });
}

export async function pendingSignInCookie(): Promise<string | undefined> {
  return (await cookies()).get(PENDING_SIGN_IN_COOKIE)?.value;
}

export async function releasePendingSignIn(): Promise<void> {
  (await cookies()).delete(PENDING_SIGN_IN_COOKIE);
}

/**
 * Every factor has been checked and the session row exists: next-auth redeems
 * the one-time ticket into the session cookie and sends the browser on.
 */
export async function startSession(sessionTicket: string): Promise<never> {
  await releasePendingSignIn();
  await signIn("session-ticket", { ticket: sessionTicket, redirectTo: "/customer-area" });
  // signIn redirects; reaching this line means next-auth refused the fresh ticket.
  throw new Error("The session could not be started.");
}
