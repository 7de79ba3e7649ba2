import "server-only";
import { revokeOtherSessions } from "@/lib/auth/sessions";
import { db } from "@/lib/db";
import { recordSecurityEvent } from "@/lib/security-events";
import type { RequestContext } from "@/lib/request-context";

/** Ends every session of the user but the current one; returns how many ended. */
export async function signOutOtherSessions(
  userId: string,
  currentSessionId: string,
  context: RequestContext,
): Promise<number> {
  return db.$transaction(async (tx) => {
    const signedOut = await revokeOtherSessions(userId, currentSessionId, tx);
    if (signedOut > 0) await recordSecurityEvent({ userId, type: "other_sessions_signed_out", context }, tx);
    return signedOut;
  });
}
