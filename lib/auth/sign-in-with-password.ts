import "server-only";
import { auditRefusals } from "@/lib/auth/audit-refusals";
import { signInCounter, withAttempt } from "@/lib/auth/attempt-limiter";
import { AuthError } from "@/lib/auth/auth-error";
import { verifyAgainstDummy, verifyPassword } from "@/lib/auth/password";
import { startPendingSignIn } from "@/lib/auth/pending-sign-in";
import { recordSignIn } from "@/lib/auth/sessions";
import { recognizeTrustedBrowser } from "@/lib/auth/trusted-browsers";
import { db } from "@/lib/db";
import type { RequestContext } from "@/lib/request-context";

export type PasswordSignInResult =
  | { kind: "signed-in"; userId: string; sessionToken: string }
  | { kind: "second-factor-required"; userId: string; pendingSignInToken: string };

export type PasswordSignInOptions = {
  /** The browser's trusted-browser cookie, if it has one (lib/auth/trusted-browsers.ts). */
  trustedBrowserToken?: string;
  now?: Date;
};

/**
 * Step one of signing in. Unknown address, missing password and wrong password
 * all fail the same way, take the same time and are throttled alike.
 * A user with 2FA gets no session here, only a pending sign-in, unless this
 * browser is one the user trusts: then the right password signs in, and the
 * security event says the second factor was skipped. The trust is looked at
 * only after the password proved right, and only for this user.
 */
export async function signInWithPassword(
  email: string,
  password: string,
  context: RequestContext,
  { trustedBrowserToken, now = new Date() }: PasswordSignInOptions = {},
): Promise<PasswordSignInResult> {
  // One statement: the user and whether they have any method (a join limited to one row per user,
  // not a count over the whole table).
  const user = await db.user.findUnique({
    where: { email },
    select: { id: true, passwordHash: true, twoFactorMethods: { select: { type: true }, take: 1 } },
  });
  const counter = signInCounter(user ? { userId: user.id } : { unknownEmail: email }, context);

  return withAttempt(
    counter,
    async (): Promise<PasswordSignInResult> => {
      const passwordIsRight = user
        ? await verifyPassword(user.passwordHash, password)
        : await verifyAgainstDummy(password);
      if (!user || !passwordIsRight) throw new AuthError("INVALID_CREDENTIALS");
      const hasTwoFactor = user.twoFactorMethods.length > 0;
      const trusted = hasTwoFactor && (await recognizeTrustedBrowser({ userId: user.id, token: trustedBrowserToken, now }));
      if (hasTwoFactor && !trusted) {
        const pendingSignInToken = await startPendingSignIn(user.id, context, now);
        return { kind: "second-factor-required", userId: user.id, pendingSignInToken };
      }
      const event = { type: trusted ? "sign_in_trusted_browser" : "sign_in" } as const;
      const sessionToken = await recordSignIn({ userId: user.id, context, event, clearsCounter: counter.key });
      return { kind: "signed-in", userId: user.id, sessionToken };
    },
    {
      // Right password, but with 2FA the second factor decides: earlier failures stay counted.
      // Signed in: recordSignIn cleared the counter with the session.
      onSuccess: (result) => (result.kind === "signed-in" ? "none" : "refund"),
      now,
      onRefused: user ? auditRefusals({ userId: user.id, failure: "sign_in_failed", context }) : undefined,
    },
  );
}
