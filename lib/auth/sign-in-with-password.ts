import "server-only";
import { auditRefusals } from "@/lib/auth/audit-refusals";
import { signInCounter, withAttempt } from "@/lib/auth/attempt-limiter";
import { AuthError } from "@/lib/auth/auth-error";
import { verifyAgainstDummy, verifyPassword } from "@/lib/auth/password";
import { startPendingSignIn } from "@/lib/auth/pending-sign-in";
import { createSession } from "@/lib/auth/sessions";
import { db } from "@/lib/db";
import type { RequestContext } from "@/lib/request-context";
import { recordSecurityEvent } from "@/lib/security-events";

export type PasswordSignInResult =
  | { kind: "signed-in"; userId: string; sessionToken: string }
  | { kind: "second-factor-required"; userId: string; pendingSignInToken: string };

/**
 * Step one of signing in. Unknown address, missing password and wrong password
 * all fail the same way, take the same time and are throttled alike.
 * A user with 2FA gets no session here, only a pending sign-in.
 */
export async function signInWithPassword(
  email: string,
  password: string,
  context: RequestContext,
): Promise<PasswordSignInResult> {
  const user = await db.user.findUnique({
    where: { email },
    select: { id: true, passwordHash: true, _count: { select: { twoFactorMethods: true } } },
  });
  const counter = signInCounter(user ? { userId: user.id } : { unknownEmail: email }, context);

  return withAttempt(
    counter,
    async (): Promise<PasswordSignInResult> => {
      const passwordIsRight = user?.passwordHash
        ? await verifyPassword(user.passwordHash, password)
        : await verifyAgainstDummy(password);
      if (!user || !passwordIsRight) throw new AuthError("INVALID_CREDENTIALS");
      if (user._count.twoFactorMethods > 0) {
        const pendingSignInToken = await startPendingSignIn(user.id, context);
        return { kind: "second-factor-required", userId: user.id, pendingSignInToken };
      }
      const sessionToken = await db.$transaction(async (tx) => {
        await recordSecurityEvent({ userId: user.id, type: "sign_in", context }, tx);
        return createSession(user.id, context, tx);
      });
      return { kind: "signed-in", userId: user.id, sessionToken };
    },
    {
      // Right password, but with 2FA the second factor decides: earlier failures stay counted.
      onSuccess: (result) => (result.kind === "signed-in" ? "clear" : "refund"),
      onRefused: user ? auditRefusals({ userId: user.id, failure: "sign_in_failed", context }) : undefined,
    },
  );
}
