import "server-only";
import { AuthError } from "@/lib/auth/auth-error";
import { keyedHash } from "@/lib/auth/tokens";
import { sql } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import type { RequestContext } from "@/lib/request-context";

/**
 * Failed attempts, counted in the database so that every app instance shares
 * them. The counters are split so that a stranger cannot lock a user out:
 *
 * - password at sign-in, per user AND client (the client's address, or a
 *   browser that signed in as this user before): FREE_ATTEMPTS, then a wait of
 *   30 s doubling to 15 min. One client's failures never hold back another's.
 * - password at sign-in, per user across all clients without that browser
 *   cookie: a ceiling of CEILING_ATTEMPTS in an hour against distributed
 *   guessing; beyond it those clients wait 15 min, a known browser does not.
 * - second factor at sign-in, per user: the same backoff as today. Only
 *   someone who knows the password can fail here.
 * - a signed-in session's password confirmations and setup codes, per session,
 *   on their own: sign-in failures never block them, nor they sign-in.
 *
 * An attempt is reserved *before* the secret is checked, in one conditional
 * statement, so parallel guesses cannot all slip past the limit. A correct
 * answer gives its reservation back, or clears the counter when a step completes.
 */

export const FREE_ATTEMPTS = 5;
const FIRST_WAIT_SECONDS = 30;
const LONGEST_WAIT_SECONDS = 15 * 60;
export const CEILING_ATTEMPTS = 100;
/**
 * Password checks one client address may ask for in a minute, across every
 * address it tries: beyond them the password step answers without hashing, so
 * that one client cannot take the app's cores from everybody else's sign-ins.
 * A right password gives its check back, so many people signing in behind one
 * address (an office) do not use it up.
 */
export const CLIENT_PASSWORD_CHECKS_PER_MINUTE = 30;
const CLIENT_WINDOW_SECONDS = 60;
const CEILING_WINDOW_SECONDS = 60 * 60;
const CEILING_WAIT_SECONDS = 15 * 60;

/** A counter to gate on, and the per-user ceiling its failures also raise, if any. */
export type AttemptCounter = { key: string; ceilingKey?: string };

/**
 * The password step's counters for an address, before anyone knows whether it
 * has a user: the stranger's (per address and client, under the address's
 * ceiling) and, when the browser holds a known-device cookie, that browser's
 * own (no ceiling), which applies only if the address turns out to be that
 * cookie's user. Keyed by the address's keyed hash, so that an address with a
 * user and one without are counted and throttled alike.
 */
export type SignInCounters = {
  stranger: Required<AttemptCounter>;
  /** Applies only to `userId`, and only if the cookie is not older than the user's last password change. */
  knownDevice?: { userId: string; key: string; issuedAt: Date };
};

export function signInCounters(email: string, context: RequestContext): SignInCounters {
  const subject = `email:${keyedHash("attempts-email", email)}`;
  const device = context.knownDevice;
  return {
    stranger: { key: `password:${subject}:ip:${context.ipAddress ?? "unknown"}`, ceilingKey: `ceiling:${subject}` },
    knownDevice: device
      ? { userId: device.userId, key: `password:${subject}:device:${device.deviceId}`, issuedAt: device.issuedAt }
      : undefined,
  };
}

/** The counter that applies to a sign-in of `email` by the user `userId` (or by nobody: no such user). */
export function signInCounter(email: string, userId: string | undefined, context: RequestContext): AttemptCounter {
  const { stranger, knownDevice } = signInCounters(email, context);
  return knownDevice && knownDevice.userId === userId ? { key: knownDevice.key } : stranger;
}

/** The counter of a client's password checks across all addresses (CLIENT_PASSWORD_CHECKS_PER_MINUTE); none without an address. */
export function clientPasswordChecksKey(context: RequestContext): string | null {
  return context.ipAddress ? `password-checks:ip:${context.ipAddress}` : null;
}

/**
 * The statement part that counts one password check of a client in its
 * one-minute window (a CTE body returning `over` and `until`): a window that
 * started over a minute ago starts again with this check.
 */
export function clientCheckWindow(key: string | null, now: Date): Prisma.Sql {
  const windowOver = Prisma.sql`c.updated_at <= ${now}::timestamp - make_interval(secs => ${CLIENT_WINDOW_SECONDS})`;
  return Prisma.sql`
    INSERT INTO attempt_counters AS c (key, attempts, updated_at)
    SELECT ${key}::text, 1, ${now}::timestamp WHERE ${key}::text IS NOT NULL
    ON CONFLICT (key) DO UPDATE
       SET attempts = CASE WHEN ${windowOver} THEN 1 ELSE c.attempts + 1 END,
           updated_at = CASE WHEN ${windowOver} THEN ${now}::timestamp ELSE c.updated_at END
    RETURNING attempts > ${CLIENT_PASSWORD_CHECKS_PER_MINUTE} AS over,
              updated_at + make_interval(secs => ${CLIENT_WINDOW_SECONDS}) AS until`;
}

/** A right password: the client's check is given back (its window stays). */
export async function refundClientCheck(key: string | null): Promise<void> {
  if (key) await sql`UPDATE attempt_counters SET attempts = GREATEST(attempts - 1, 0) WHERE key = ${key}`;
}

const SECOND_FACTOR_KEY_PREFIX = "second-factor:user:";

export function secondFactorCounter(userId: string): AttemptCounter {
  return { key: `${SECOND_FACTOR_KEY_PREFIX}${userId}` };
}

/** secondFactorCounter's key in a statement, for the user id the SQL expression `userId` gives. */
export function secondFactorCounterKey(userId: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`(${SECOND_FACTOR_KEY_PREFIX} || ${userId})`;
}

export function sessionCounter(sessionId: string): AttemptCounter {
  return { key: `session:${sessionId}` };
}

/**
 * The statement part that takes one attempt of `key`, unless it or `ceilingKey`
 * is blocked, in one conditional upsert (so parallel guesses cannot all slip
 * past the limit): a CTE body that returns a row when the attempt was taken.
 * Both keys are SQL expressions (a parameter, or picked in the statement);
 * a NULL ceiling holds nothing back, a NULL key takes nothing.
 */
export function reservation(key: Prisma.Sql, ceilingKey: Prisma.Sql, now: Date): Prisma.Sql {
  const ceilingClear = Prisma.sql`NOT EXISTS (SELECT 1 FROM attempt_counters WHERE key = ${ceilingKey} AND blocked_until > ${now}::timestamp)`;
  return Prisma.sql`
    INSERT INTO attempt_counters AS c (key, attempts, updated_at)
    SELECT ${key}, 1, ${now}::timestamp WHERE ${key} IS NOT NULL AND ${ceilingClear}
    ON CONFLICT (key) DO UPDATE
       SET attempts = c.attempts + 1,
           updated_at = ${now}::timestamp,
           blocked_until = CASE
             WHEN c.attempts + 1 >= ${FREE_ATTEMPTS}
             THEN ${now}::timestamp + make_interval(secs => LEAST(
               ${FIRST_WAIT_SECONDS} * power(2, c.attempts + 1 - ${FREE_ATTEMPTS}), ${LONGEST_WAIT_SECONDS}))
             ELSE NULL END
     WHERE (c.blocked_until IS NULL OR c.blocked_until <= ${now}::timestamp) AND ${ceilingClear}
    RETURNING attempts`;
}

/** Until when `key` or `ceilingKey` holds the caller back, as the statement found them (before its own changes). */
export function blockedUntil(key: Prisma.Sql, ceilingKey: Prisma.Sql, now: Date): Prisma.Sql {
  return Prisma.sql`(SELECT max(blocked_until) FROM attempt_counters WHERE key IN (${key}, ${ceilingKey}) AND blocked_until > ${now}::timestamp)`;
}

/** Takes one attempt or throws THROTTLED with the time the caller may try again: one statement either way. */
export async function reserveAttempt({ key, ceilingKey }: AttemptCounter, now = new Date()): Promise<void> {
  const keySql = Prisma.sql`${key}::text`;
  const ceilingSql = Prisma.sql`${ceilingKey ?? null}::text`;
  const [outcome] = await sql<{ reserved: boolean; blocked_until: Date | null }>`
    WITH reserved AS (${reservation(keySql, ceilingSql, now)})
    SELECT EXISTS (SELECT 1 FROM reserved) AS reserved, ${blockedUntil(keySql, ceilingSql, now)} AS blocked_until`;
  if (!outcome?.reserved) throw new AuthError("THROTTLED", outcome?.blocked_until ?? now);
}

/** A failure that also counts toward the per-user ceiling: CEILING_ATTEMPTS in an hour, then a 15-minute wait. */
async function raiseCeiling(ceilingKey: string, now: Date): Promise<void> {
  await sql`
    INSERT INTO attempt_counters AS c (key, attempts, updated_at) VALUES (${ceilingKey}, 1, ${now}::timestamp)
    ON CONFLICT (key) DO UPDATE
       SET attempts = CASE WHEN c.updated_at <= ${now}::timestamp - make_interval(secs => ${CEILING_WINDOW_SECONDS})
                      THEN 1 ELSE c.attempts + 1 END,
           updated_at = ${now},
           blocked_until = CASE
             WHEN c.updated_at > ${now}::timestamp - make_interval(secs => ${CEILING_WINDOW_SECONDS})
                  AND c.attempts + 1 >= ${CEILING_ATTEMPTS}
             THEN ${now}::timestamp + make_interval(secs => ${CEILING_WAIT_SECONDS})
             ELSE c.blocked_until END`;
}

/** The answer was right: hand the reserved attempt back, keep earlier failures. */
async function refundAttempt(key: string): Promise<void> {
  await sql`
    UPDATE attempt_counters
       SET attempts = GREATEST(attempts - 1, 0),
           blocked_until = CASE WHEN attempts - 1 >= ${FREE_ATTEMPTS} THEN blocked_until ELSE NULL END
     WHERE key = ${key}`;
}

/** The step completed: start afresh (the row goes, so counters of one-off clients do not pile up). */
async function clearAttempts(key: string): Promise<void> {
  await sql`DELETE FROM attempt_counters WHERE key = ${key}`;
}

/** "none": the work already cleared the counter in its own statement (lib/auth/sessions.ts recordSignIn). */
export type AttemptOutcome = "refund" | "clear" | "none";

export type WithAttemptOptions<T> = {
  onSuccess: AttemptOutcome | ((result: T) => AttemptOutcome);
  now?: Date;
  /** Told about every refused reservation and every failure, e.g. to record it in the audit trail. */
  onRefused?: (error: unknown) => Promise<void>;
};

/**
 * reserve -> work -> refund or clear. A throw from `work` (a wrong secret, or
 * any other failure) keeps the attempt counted and raises the ceiling. Whether
 * a success refunds or clears may depend on the result: a right password of a
 * user with 2FA only refunds, since the second factor still decides.
 */
export async function withAttempt<T>(
  counter: AttemptCounter,
  work: () => Promise<T>,
  options: WithAttemptOptions<T>,
): Promise<T> {
  const now = options.now ?? new Date();
  return withReservedAttempt(counter, () => reserveAttempt(counter, now), work, { ...options, now });
}

/**
 * withAttempt with the reservation done by `reserve` (throwing THROTTLED when
 * the attempt is refused): the password step reserves in the statement that
 * also finds the user.
 */
export async function withReservedAttempt<T>(
  counter: AttemptCounter,
  reserve: () => Promise<unknown>,
  work: () => Promise<T>,
  { onSuccess, now = new Date(), onRefused }: WithAttemptOptions<T>,
): Promise<T> {
  let result: T;
  try {
    await reserve();
    try {
      result = await work();
    } catch (failure) {
      if (counter.ceilingKey) await raiseCeiling(counter.ceilingKey, now);
      throw failure;
    }
  } catch (refused) {
    await onRefused?.(refused);
    throw refused;
  }
  const outcome = typeof onSuccess === "function" ? onSuccess(result) : onSuccess;
  if (outcome === "clear") await clearAttempts(counter.key);
  else if (outcome === "refund") await refundAttempt(counter.key);
  return result;
}
