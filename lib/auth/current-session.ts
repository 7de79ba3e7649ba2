import "server-only";
import { redirect } from "next/navigation";
import { cache } from "react";
import { RETURN_PATH_HEADER, signInPathReturningTo } from "@/lib/auth/return-path";
import { auth } from "@/auth";
import { reviveActiveSession } from "@/lib/auth/serialized-session";
import { type ActiveSession, findActiveSession } from "@/lib/auth/sessions";
import { sessionCookie } from "@/lib/auth/sign-in-cookies";
import { mustSetUpTwoFactor, TWO_FACTOR_SETUP_PATH } from "@/lib/auth/two-factor-requirement";
import { cookies, headers } from "next/headers";

/**
 * The signed-in session of this request, through next-auth's auth() (auth.ts),
 * whose cookie decoding checks the row in the database; once per request.
 */
export const currentSession = cache(async (): Promise<ActiveSession | null> => {
  const session = await auth();
  return session?.active ? reviveActiveSession(session.active) : sessionStartedInThisRequest();
});

/**
 * A server action that signed in (sign-up's last step) set the session cookie in
 * this very request, and Next renders the page again in the action's answer:
 * auth() reads the Cookie header the browser sent, without the new token, while
 * cookies() holds it. Without this the page shows "This link cannot be used" and
 * the form never moves on to the customer area.
 */
async function sessionStartedInThisRequest(): Promise<ActiveSession | null> {
  const { name } = sessionCookie();
  const token = (await cookies()).get(name)?.value;
  if (!token) return null;
  const sent = (await headers()).get("cookie")?.split(/;\s*/).find((pair) => pair.startsWith(`${name}=`))?.slice(name.length + 1);
  return token === sent ? null : findActiveSession(token);
}

/**
 * For pages: the session, or a redirect to sign-in that comes back to this
 * page afterwards. A user whose account requires two-factor authentication,
 * past its deadline, without a method, is sent to set one up: only the page
 * with the setup passes `allowTwoFactorSetup`.
 */
export async function requireSession({ allowTwoFactorSetup = false } = {}): Promise<ActiveSession> {
  const session = await currentSession();
  if (!session) redirect(signInPathReturningTo((await headers()).get(RETURN_PATH_HEADER)));
  if (!allowTwoFactorSetup && mustSetUpTwoFactor(session)) redirect(TWO_FACTOR_SETUP_PATH);
  return session;
}
