import "server-only";
import { redirect } from "next/navigation";
import { cache } from "react";
import { readSessionCookie } from "@/lib/auth/sign-in-cookies";
import { type ActiveSession, findActiveSession } from "@/lib/auth/sessions";

/** The signed-in session of this request, checked against the database once per request. */
export const currentSession = cache(async (): Promise<ActiveSession | null> => {
  const token = await readSessionCookie();
  return token ? findActiveSession(token) : null;
});

/** For pages: the session or a redirect to sign-in. */
export async function requireSession(): Promise<ActiveSession> {
  const session = await currentSession();
  if (!session) redirect("/sign-in");
  return session;
}
