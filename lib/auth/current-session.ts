import "server-only";
import { redirect } from "next/navigation";
import { cache } from "react";
import { auth } from "@/lib/auth/next-auth";
import { type ActiveSession, findActiveSession } from "@/lib/auth/sessions";

/** The signed-in session of this request, checked against the database once per request. */
export const currentSession = cache(async (): Promise<ActiveSession | null> => {
  const cookieSession = await auth();
  const sessionId = cookieSession?.sessionId;
  return sessionId ? findActiveSession(sessionId) : null;
});

/** For pages: the session or a redirect to sign-in. */
export async function requireSession(): Promise<ActiveSession> {
  const session = await currentSession();
  if (!session) redirect("/sign-in");
  return session;
}
