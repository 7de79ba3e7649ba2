import "server-only";
import { AuthError } from "@/lib/auth/auth-error";
import { keyedHash } from "@/lib/auth/tokens";
import { db } from "@/lib/db";

/**
 * Failed attempts per user, in the database so that every app instance and
 * every session shares them; passwords and all 2FA methods count together.
 *
 * An attempt is reserved *before* the secret is checked, in one conditional
 * statement, so parallel guesses cannot all slip past the limit. A correct
 * answer gives its reservation back; a completed sign-in or verification clears
 * the counter. `withAttempt` is that bracket, written once.
 */

export const FREE_ATTEMPTS = 5;
const FIRST_WAIT_SECONDS = 30;
const LONGEST_WAIT_SECONDS = 15 * 60;

export function attemptKeyForUser(userId: string): string {
  return `user:${userId}`;
}

/** Unknown addresses are throttled like real ones, so the limit reveals nothing. */
export function attemptKeyForUnknownEmail(email: string): string {
  return `email:${keyedHash("attempts-unknown-email", email)}`;
}

/** Takes one attempt or throws THROTTLED with the time the user may try again (30 s, 60 s, 2 min, ... 15 min). */
export async function reserveAttempt(key: string, now = new Date()): Promise<void> {
  await db.$executeRaw`
    INSERT INTO attempt_counters (key, attempts, updated_at) VALUES (${key}, 0, ${now})
    ON CONFLICT (key) DO NOTHING`;
  const reserved = await db.$queryRaw<{ attempts: number }[]>`
    UPDATE attempt_counters
       SET attempts = attempts + 1,
           updated_at = ${now},
           blocked_until = CASE
             WHEN attempts + 1 >= ${FREE_ATTEMPTS}
             THEN ${now}::timestamp + make_interval(secs => LEAST(
               ${FIRST_WAIT_SECONDS} * power(2, attempts + 1 - ${FREE_ATTEMPTS}), ${LONGEST_WAIT_SECONDS}))
             ELSE NULL END
     WHERE key = ${key} AND (blocked_until IS NULL OR blocked_until <= ${now})
     RETURNING attempts`;
  if (reserved.length === 0) {
    const counter = await db.attemptCounter.findUnique({ where: { key } });
    throw new AuthError("THROTTLED", counter?.blockedUntil ?? now);
  }
}

/** The answer was right: hand the reserved attempt back, keep earlier failures. */
async function refundAttempt(key: string): Promise<void> {
  await db.$executeRaw`
    UPDATE attempt_counters
       SET attempts = GREATEST(attempts - 1, 0),
           blocked_until = CASE WHEN attempts - 1 >= ${FREE_ATTEMPTS} THEN blocked_until ELSE NULL END
     WHERE key = ${key}`;
}

/** Sign-in or verification completed: start afresh. */
async function clearAttempts(key: string): Promise<void> {
  await db.attemptCounter.updateMany({ where: { key }, data: { attempts: 0, blockedUntil: null } });
}

export type AttemptOutcome = "refund" | "clear";

/**
 * reserve -> work -> refund or clear. A throw from `work` (a wrong secret, or
 * any other failure) keeps the attempt counted. `onSuccess` may depend on the
 * result: a right password of a user with 2FA only refunds, since the second
 * factor still decides, while a completed sign-in clears.
 */
export async function withAttempt<T>(
  key: string,
  work: () => Promise<T>,
  { onSuccess, now = new Date() }: { onSuccess: AttemptOutcome | ((result: T) => AttemptOutcome); now?: Date },
): Promise<T> {
  await reserveAttempt(key, now);
  const result = await work();
  const outcome = typeof onSuccess === "function" ? onSuccess(result) : onSuccess;
  await (outcome === "clear" ? clearAttempts(key) : refundAttempt(key));
  return result;
}
