import "server-only";
import { afterAnswer } from "@/lib/after-answer";
import { auditRefusals } from "@/lib/auth/audit-refusals";
import {
  type AttemptCounter,
  blockedUntil,
  clientCheckWindow,
  clientPasswordChecksKey,
  refundClientCheck,
  reservation,
  signInCounters,
  withReservedAttempt,
} from "@/lib/auth/attempt-limiter";
import { AuthError } from "@/lib/auth/auth-error";
import { verifyAgainstDummy, verifyPassword } from "@/lib/auth/password";
import { startPendingSignIn } from "@/lib/auth/pending-sign-in";
import { recordSignIn } from "@/lib/auth/sessions";
import { recognizeTrustedBrowser } from "@/lib/auth/trusted-browsers";
import { sql } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import type { RequestContext } from "@/lib/request-context";

export type PasswordSignInResult =
  | { kind: "signed-in"; userId: string; sessionToken: string }
  | { kind: "second-factor-required"; userId: string; pendingSignInToken: string };

export type PasswordSignInOptions = {
  /** The browser's trusted-browser cookie, if it has one (lib/auth/trusted-browsers.ts). */
  trustedBrowserToken?: string;
  now?: Date;
};

type SignInSubject = {
  user: { id: string; passwordHash: string; hasTwoFactor: boolean } | null;
  counter: AttemptCounter;
  /** Set when the attempt was refused: when the client may try again. */
  throttledUntil: Date | null;
  /** Set when the client is past its password checks of the minute, across all addresses: when its window ends. */
  floodedUntil: Date | null;
};

/**
 * The user behind `email`, if any, and one attempt of the counter that applies
 * (lib/auth/attempt-limiter.ts), in one statement: a sign-in is bound by its
 * argon2 check, and each round trip to the database costs the app, the network
 * and PostgreSQL more CPU than the work it carries. Which counter applies
 * depends on the user (a browser known to this user has its own), so the
 * statement picks it after finding the user.
 */
async function findUserAndReserveAttempt(email: string, context: RequestContext, now: Date): Promise<SignInSubject> {
  const { stranger, knownDevice } = signInCounters(email, context);
  // Past the client's checks of the minute, no counter is picked: nothing is reserved, and nothing hashed.
  const key = Prisma.sql`(SELECT CASE WHEN (SELECT over FROM flood) THEN NULL ELSE key END FROM counter)`;
  const ceilingKey = Prisma.sql`(SELECT ceiling_key FROM counter)`;
  const [row] = await sql<{
    id: string | null;
    password_hash: string | null;
    has_two_factor: boolean | null;
    key: string;
    ceiling_key: string | null;
    reserved: boolean;
    blocked_until: Date | null;
    flooded_until: Date | null;
  }>`
    WITH flood AS (${clientCheckWindow(clientPasswordChecksKey(context), now)}),
    found AS (
      SELECT u.id, u.password_hash, u.known_devices_from,
             EXISTS (SELECT 1 FROM two_factor_methods m WHERE m.user_id = u.id) AS has_two_factor
        FROM users u WHERE u.email = ${email}
    ), counter AS (
      SELECT CASE WHEN known_here THEN ${knownDevice?.key ?? null}::text ELSE ${stranger.key}::text END AS key,
             CASE WHEN known_here THEN NULL ELSE ${stranger.ceilingKey}::text END AS ceiling_key
        FROM (SELECT coalesce((SELECT id = ${knownDevice?.userId ?? null}::uuid
                                      AND known_devices_from <= ${knownDevice?.issuedAt ?? null}::timestamp(3) FROM found), false) AS known_here) AS browser
    ), reserved AS (${reservation(key, ceilingKey, now)})
    SELECT found.id, found.password_hash, found.has_two_factor, counter.key, counter.ceiling_key,
           EXISTS (SELECT 1 FROM reserved) AS reserved, ${blockedUntil(key, ceilingKey, now)} AS blocked_until,
           (SELECT until FROM flood WHERE over) AS flooded_until
      FROM counter LEFT JOIN found ON true`;
  if (!row) throw new Error("The sign-in statement returned no row");
  const user = row.id && row.password_hash ? { id: row.id, passwordHash: row.password_hash, hasTwoFactor: row.has_two_factor === true } : null;
  const counter = row.ceiling_key ? { key: row.key, ceilingKey: row.ceiling_key } : { key: row.key };
  return {
    user,
    counter,
    throttledUntil: row.reserved ? null : (row.blocked_until ?? now),
    floodedUntil: row.flooded_until,
  };
}

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
  const { user, counter, throttledUntil, floodedUntil } = await findUserAndReserveAttempt(email, context, now);
  if (floodedUntil) throw new AuthError("CLIENT_THROTTLED", floodedUntil);

  return withReservedAttempt(
    counter,
    async () => {
      if (throttledUntil) throw new AuthError("THROTTLED", throttledUntil);
    },
    async (): Promise<PasswordSignInResult> => {
      const passwordIsRight = user
        ? await verifyPassword(user.passwordHash, password)
        : await verifyAgainstDummy(password);
      if (!user || !passwordIsRight) throw new AuthError("INVALID_CREDENTIALS");
      // A right password gives the client's check back (in the sign-in's own statement when it signs in).
      const clientCheck = clientPasswordChecksKey(context);
      const trusted =
        user.hasTwoFactor && (await recognizeTrustedBrowser({ userId: user.id, token: trustedBrowserToken, now }));
      if (user.hasTwoFactor && !trusted) {
        await refundClientCheck(clientCheck);
        const pendingSignInToken = await startPendingSignIn(user.id, context, now);
        return { kind: "second-factor-required", userId: user.id, pendingSignInToken };
      }
      const event = { type: trusted ? "sign_in_trusted_browser" : "sign_in" } as const;
      const sessionToken = await recordSignIn({
        userId: user.id,
        context,
        event,
        clearsCounter: counter.key,
        refundsClientCheck: clientCheck,
      });
      return { kind: "signed-in", userId: user.id, sessionToken };
    },
    {
      // Right password, but with 2FA the second factor decides: earlier failures stay counted.
      // Signed in: recordSignIn cleared the counter with the session.
      onSuccess: (result) => (result.kind === "signed-in" ? "none" : "refund"),
      now,
      // After the answer: a wrong password of an address with a user writes its audit row, one without has none
      // to write, and the time the write takes must not tell the two apart.
      onRefused: user
        ? (refused) => afterAnswer(() => auditRefusals({ userId: user.id, failure: "sign_in_failed", context })(refused))
        : undefined,
    },
  );
}
