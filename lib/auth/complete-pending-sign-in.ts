import "server-only";
import { AuthError } from "@/lib/auth/auth-error";
import { auditRefusals, isWrongGuess } from "@/lib/auth/audit-refusals";
import {
  blockedUntil,
  reservation,
  secondFactorCounter,
  secondFactorCounterKey,
  withReservedAttempt,
} from "@/lib/auth/attempt-limiter";
import {
  endPendingSignIn,
  givePendingTryBack,
  outlastWait,
  PENDING_SIGN_IN_TRIES,
  pendingSignInIsLive,
  pendingTry,
} from "@/lib/auth/pending-sign-in";
import { signInWrites } from "@/lib/auth/sessions";
import { trustedBrowserWrites } from "@/lib/auth/trusted-browsers";
import { sql } from "@/lib/db";
import { Prisma, type SecurityEventType, type TwoFactorMethodType } from "@/lib/generated/prisma/client";
import type { RequestContext } from "@/lib/request-context";
import { TwoFactorError } from "@/lib/two-factor/two-factor-error";

export type SignedIn = {
  userId: string;
  sessionToken: string;
  /** For the trusted-browser cookie, when the browser was trusted. */
  trustedBrowserToken?: string;
};

export type PendingSignInStep = {
  pendingSignInToken: string | undefined;
  context: RequestContext;
  now: Date;
  /** What the completed sign-in records, and what a wrong code is recorded as: per method, or for a recovery code. */
  events: { success: SecurityEventType; failure: SecurityEventType; method?: TwoFactorMethodType };
  /** "Trust this browser for 30 days" was checked: the completed sign-in also trusts the browser. */
  trustBrowser?: boolean;
};

/**
 * Uses up the pending sign-in and creates the session (and, when asked, trusts
 * the browser), all in one statement: in the transaction that used up the code,
 * or as a statement of its own whose first part, `gate`, uses up the code and
 * lets the rest happen only if it did.
 */
export type FinishSignIn = {
  inTransaction(tx: Prisma.TransactionClient): Promise<SignedIn>;
  /** Throws `gateFailure` when the gate used up nothing, SIGN_IN_EXPIRED when the pending sign-in had ended. */
  withGate(gate: (pendingSignInIsLive: Prisma.Sql) => Prisma.Sql, gateFailure: TwoFactorError): Promise<SignedIn>;
};

type PendingTryTaken = { id: string; userId: string; triesLeft: number; throttledUntil: Date | null };

/**
 * One try of the pending sign-in behind the cookie and one attempt of the
 * user's second-factor counter, in one statement: null when the pending
 * sign-in has ended or has no try left (and then no attempt is taken).
 */
async function takeTryAndAttempt(token: string | undefined, now: Date): Promise<PendingTryTaken | null> {
  if (!token) return null;
  const key = secondFactorCounterKey(Prisma.sql`(SELECT user_id FROM pending_try)`);
  const noCeiling = Prisma.sql`NULL::text`;
  const [taken] = await sql<{ id: string; user_id: string; failed_attempts: number; reserved: boolean; blocked_until: Date | null }>`
    WITH pending_try AS (${pendingTry(token, now)}), reserved AS (${reservation(key, noCeiling, now)})
    SELECT id, user_id, failed_attempts, EXISTS (SELECT 1 FROM reserved) AS reserved, ${blockedUntil(key, noCeiling, now)} AS blocked_until
      FROM pending_try`;
  if (!taken) return null;
  return {
    id: taken.id,
    userId: taken.user_id,
    triesLeft: PENDING_SIGN_IN_TRIES - taken.failed_attempts,
    throttledUntil: taken.reserved ? null : (taken.blocked_until ?? now),
  };
}

/**
 * The second step of signing in, whatever answers it (a method's code or a
 * recovery code). `checkAndFinish` checks the code and calls `finishSignIn`
 * with the statement that uses the code up (or inside its transaction): the
 * pending sign-in is used up there too (a conditional update: of parallel
 * submissions only one gets through), a brand-new session created and, when
 * asked, the browser trusted. If any part fails, nothing is used up and
 * nothing is trusted.
 *
 * A pending sign-in allows PENDING_SIGN_IN_TRIES codes, each reserved before it
 * is checked; the last wrong one ends it. Wrong codes also count per user (only
 * someone who knows the password gets here); a wait that imposes keeps the
 * pending sign-in alive until after it.
 *
 * Throws TwoFactorError SIGN_IN_EXPIRED, AuthError THROTTLED, and what `checkAndFinish`
 * throws (a wrong guess with details.triesLeft).
 */
export async function completePendingSignIn<T extends SignedIn>(
  { pendingSignInToken, context, now, events, trustBrowser = false }: PendingSignInStep,
  checkAndFinish: (userId: string, finishSignIn: FinishSignIn, pendingSignInId: string) => Promise<T>,
): Promise<T> {
  const pending = await takeTryAndAttempt(pendingSignInToken, now);
  if (!pending) throw new TwoFactorError("SIGN_IN_EXPIRED");
  const { userId, triesLeft, throttledUntil } = pending;
  const counter = secondFactorCounter(userId);
  const { method } = events;

  /** The statement's parts after `gate` (if any): the pending sign-in used up, then what a completed sign-in writes. */
  const finishing = (gate?: Prisma.Sql) => {
    // The records carry the time they are written; `now` (which tests move) decides what is still valid.
    const recordedAt = new Date();
    const event = { type: events.success, method };
    const signIn = signInWrites(Prisma.raw("consumed"), { context, event, clearsCounter: counter.key, now: recordedAt });
    const trust = trustBrowser
      ? trustedBrowserWrites(Prisma.raw("consumed"), { context, now, eventAt: new Date(recordedAt.getTime() + 1) })
      : undefined;
    const statement = Prisma.sql`
      WITH ${gate ? Prisma.sql`gate AS (${gate}),` : Prisma.empty}
      consumed AS (
        UPDATE pending_sign_ins SET consumed_at = ${now}::timestamp
         WHERE id = ${pending.id}::uuid AND consumed_at IS NULL AND expires_at > ${now}::timestamp
           ${gate ? Prisma.sql`AND EXISTS (SELECT 1 FROM gate)` : Prisma.empty}
        RETURNING user_id
      ), ${signIn.ctes}${trust ? Prisma.sql`, ${trust.ctes}` : Prisma.empty}
      SELECT ${gate ? Prisma.sql`EXISTS (SELECT 1 FROM gate)` : Prisma.sql`TRUE`} AS passed, EXISTS (SELECT 1 FROM consumed) AS completed`;
    const signedIn: SignedIn = { userId, sessionToken: signIn.sessionToken, trustedBrowserToken: trust?.trustedBrowserToken };
    return { statement, signedIn };
  };

  const finishSignIn: FinishSignIn = {
    async inTransaction(tx) {
      const { statement, signedIn } = finishing();
      const [outcome] = await tx.$queryRaw<{ completed: boolean }[]>(statement);
      if (!outcome?.completed) throw new TwoFactorError("SIGN_IN_EXPIRED");
      return signedIn;
    },
    async withGate(gate, gateFailure) {
      const { statement, signedIn } = finishing(gate(pendingSignInIsLive(pending.id, now)));
      const [outcome] = await sql<{ passed: boolean; completed: boolean }>(statement);
      if (!outcome?.passed) throw gateFailure;
      if (!outcome.completed) throw new TwoFactorError("SIGN_IN_EXPIRED");
      return signedIn;
    },
  };

  try {
    return await withReservedAttempt(
      counter,
      async () => {
        if (throttledUntil) throw new AuthError("THROTTLED", throttledUntil);
      },
      () => checkAndFinish(userId, finishSignIn, pending.id),
      {
        // The counter is cleared with the session, in the finishing statement.
        onSuccess: "none",
        now,
        onRefused: auditRefusals({ userId, failure: events.failure, method, context }),
      },
    );
  } catch (error) {
    throw await settleTry(pending.id, error, triesLeft, now);
  }
}

/** What a failed try costs the pending sign-in, and the error the caller sees. */
async function settleTry(pendingSignInId: string, error: unknown, triesLeft: number, now: Date): Promise<unknown> {
  if (error instanceof AuthError && error.code === "THROTTLED" && error.retryAt) {
    await givePendingTryBack(pendingSignInId);
    await outlastWait(pendingSignInId, error.retryAt);
    return error;
  }
  if (!isWrongGuess(error) && !(error instanceof TwoFactorError && error.code === "NOT_ENABLED")) {
    await givePendingTryBack(pendingSignInId);
    return error;
  }
  if (triesLeft === 0) {
    await endPendingSignIn(pendingSignInId, now);
    return new TwoFactorError("SIGN_IN_EXPIRED");
  }
  return error instanceof TwoFactorError ? new TwoFactorError(error.code, { ...error.details, triesLeft }) : error;
}
