import "server-only";
import { auditRefusals } from "@/lib/auth/audit-refusals";
import { sessionCounter, withAttempt } from "@/lib/auth/attempt-limiter";
import { AuthError } from "@/lib/auth/auth-error";
import { verifyPassword } from "@/lib/auth/password";
import { db } from "@/lib/db";
import type { RequestContext } from "@/lib/request-context";

export type ConfirmPasswordOptions = { userId: string; sessionId: string; password: string; context: RequestContext };

/**
 * Checks a signed-in user's password for a sensitive step. A wrong one counts
 * against this session only: strangers failing to sign in never block it.
 */
export async function confirmPassword({ userId, sessionId, password, context }: ConfirmPasswordOptions): Promise<void> {
  await withAttempt(
    sessionCounter(sessionId),
    async () => {
      const user = await db.user.findUniqueOrThrow({ where: { id: userId }, select: { passwordHash: true } });
      if (!(await verifyPassword(user.passwordHash, password))) {
        throw new AuthError("WRONG_PASSWORD");
      }
    },
    { onSuccess: "refund", onRefused: auditRefusals({ userId, failure: "password_confirmation_failed", context }) },
  );
}
