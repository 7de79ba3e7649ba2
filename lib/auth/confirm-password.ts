import "server-only";
import { attemptKeyForUser, withAttempt } from "@/lib/auth/attempt-limiter";
import { AuthError } from "@/lib/auth/auth-error";
import { verifyPassword } from "@/lib/auth/password";
import { db } from "@/lib/db";

/**
 * Checks a signed-in user's password for a sensitive step. A wrong one counts
 * as a failed attempt, shared with sign-in and every 2FA method.
 */
export async function confirmPassword(userId: string, password: string): Promise<void> {
  await withAttempt(
    attemptKeyForUser(userId),
    async () => {
      const user = await db.user.findUniqueOrThrow({ where: { id: userId }, select: { passwordHash: true } });
      if (!user.passwordHash || !(await verifyPassword(user.passwordHash, password))) {
        throw new AuthError("WRONG_PASSWORD");
      }
    },
    { onSuccess: "refund" },
  );
}
