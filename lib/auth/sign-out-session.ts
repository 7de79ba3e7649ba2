import "server-only";
import { AuthError } from "@/lib/auth/auth-error";
import { revokeSessionOfUser } from "@/lib/auth/sessions";
import { db } from "@/lib/db";
import type { RequestContext } from "@/lib/request-context";
import { recordSecurityEvent } from "@/lib/security-events";

export type SignOutSessionOptions = {
  userId: string;
  /** The session to end, as the form names it: only ever one of the user's own. */
  sessionId: string;
  /** The session asking; it ends through the user menu's Sign out, not here. */
  currentSessionId: string;
  context: RequestContext;
};

/**
 * `Sign out` beside one of the user's other sessions: its row is deleted, so
 * every app instance refuses its cookie from the next request on. A session
 * id of another user, the asking session's own, or one already ended all fail
 * the same way, so a forged form learns nothing.
 *
 * Throws AuthError SESSION_ENDED.
 */
export async function signOutSession({ userId, sessionId, currentSessionId, context }: SignOutSessionOptions) {
  await db.$transaction(async (tx) => {
    const ended = await revokeSessionOfUser({ userId, sessionId, keepSessionId: currentSessionId }, tx);
    if (ended === 0) throw new AuthError("SESSION_ENDED");
    await recordSecurityEvent({ userId, type: "session_signed_out", context }, tx);
  });
}
