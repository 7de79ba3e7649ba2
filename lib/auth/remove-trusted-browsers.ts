import "server-only";
import { AuthError } from "@/lib/auth/auth-error";
import { endTrustedBrowsers } from "@/lib/auth/trusted-browsers";
import { db } from "@/lib/db";
import type { RequestContext } from "@/lib/request-context";
import { recordSecurityEvent } from "@/lib/security-events";

/**
 * `Remove` beside one trusted browser: the next sign-in there asks for the
 * second factor again. Only ever one of the user's own: an id of another
 * user's, or one already gone, fails the same way.
 *
 * Throws AuthError TRUSTED_BROWSER_GONE.
 */
export async function removeTrustedBrowser({
  userId,
  trustedBrowserId,
  context,
}: {
  userId: string;
  trustedBrowserId: string;
  context: RequestContext;
}): Promise<void> {
  await db.$transaction(async (tx) => {
    const removed = await tx.trustedBrowser.deleteMany({ where: { id: trustedBrowserId, userId } });
    if (removed.count === 0) throw new AuthError("TRUSTED_BROWSER_GONE");
    await recordSecurityEvent({ userId, type: "trusted_browser_removed", context }, tx);
  });
}

/** `Remove all`: every trusted browser of the user; returns how many there were. */
export async function removeAllTrustedBrowsers({ userId, context }: { userId: string; context: RequestContext }) {
  return db.$transaction((tx) => endTrustedBrowsers(tx, userId, context));
}
