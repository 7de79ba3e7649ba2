import "server-only";
import { randomUUID } from "node:crypto";
import { keyedHash, randomToken } from "@/lib/auth/tokens";
import { db, sql } from "@/lib/db";
import { Prisma, type Role, type SecurityEventType, type TwoFactorMethodType } from "@/lib/generated/prisma/client";
import type { RequestContext } from "@/lib/request-context";

/**
 * Server-side sessions. The browser's session cookie holds a random token; the
 * row keeps only its keyed hash. A request is signed in only while its row
 * exists and has not expired, so deleting rows signs browsers out (sign-out,
 * password change, "Sign out other sessions") on every app instance at once.
 * Every sign-in creates a new row with a new token: the token rotates whenever
 * a factor completes, and nothing from before the second factor carries over.
 */

export const SESSION_MAX_AGE_SECONDS = 8 * 60 * 60;

/** "Last used" is as precise as this: a request writes it only when it is older. */
export const LAST_USED_PRECISION_MS = 60 * 1000;

type Tx = Prisma.TransactionClient;

function sessionTokenHash(token: string): string {
  return keyedHash("session", token);
}

export type SignInWrites = {
  context: RequestContext;
  /** The sign-in's security event, naming the factor used. */
  event: { type: SecurityEventType; method?: TwoFactorMethodType; /** The identity provider it came through. */ provider?: string };
  /** The attempt counter the completed sign-in clears. */
  clearsCounter: string;
  /** The client's password-check counter (lib/auth/attempt-limiter.ts) whose check a right password gives back. */
  refundsClientCheck?: string | null;
  now: Date;
};

/**
 * The writes of a completed sign-in, as CTEs of one statement: a new session
 * (its token returned, for the cookie), its security event, the cleared
 * attempt counter and the client's password check given back, for the user
 * of the one row that `signedIn` (a CTE with a `user_id` column) holds, and nothing when it holds none. One statement is
 * atomic, and a sign-in is bound by its argon2 check: every round trip saved
 * is CPU saved in the app and in PostgreSQL.
 */
export function signInWrites(signedIn: Prisma.Sql, { context, event, clearsCounter, refundsClientCheck = null, now }: SignInWrites) {
  const token = randomToken();
  const expiresAt = new Date(now.getTime() + SESSION_MAX_AGE_SECONDS * 1000);
  const ctes = Prisma.sql`
    new_session AS (
      INSERT INTO sessions (id, user_id, token_hash, created_at, expires_at, last_used_at, ip_address, user_agent)
      SELECT ${randomUUID()}::uuid, user_id, ${sessionTokenHash(token)}, ${now}::timestamp, ${expiresAt}::timestamp,
             ${now}::timestamp, ${context.ipAddress}, ${context.userAgent}
        FROM ${signedIn}
    ), sign_in_event AS (
      INSERT INTO security_events (id, user_id, type, method, provider, count, created_at, ip_address, user_agent)
      SELECT ${randomUUID()}::uuid, user_id, ${event.type}::"SecurityEventType", ${event.method ?? null}::"TwoFactorMethodType",
             ${event.provider ?? null}, 1, ${now}::timestamp, ${context.ipAddress}, ${context.userAgent}
        FROM ${signedIn}
    ), cleared_counter AS (
      DELETE FROM attempt_counters WHERE key = ${clearsCounter} AND EXISTS (SELECT 1 FROM ${signedIn})
    ), refunded_check AS (
      UPDATE attempt_counters SET attempts = GREATEST(attempts - 1, 0)
       WHERE key = ${refundsClientCheck}::text AND EXISTS (SELECT 1 FROM ${signedIn})
    )`;
  return { ctes, sessionToken: token };
}

/** A sign-in completed by the password alone (no second factor, or a trusted browser), in one statement; returns the cookie's token. */
export async function recordSignIn({ userId, ...writes }: Omit<SignInWrites, "now"> & { userId: string }): Promise<string> {
  const { ctes, sessionToken } = signInWrites(Prisma.raw("signed_in"), { ...writes, now: new Date() });
  await sql`WITH signed_in AS (SELECT ${userId}::uuid AS user_id), ${ctes} SELECT 1`;
  return sessionToken;
}

/** Creates the session row and returns the token for the cookie (never stored). */
export async function createSession(userId: string, context: RequestContext, tx: Tx = db): Promise<string> {
  const token = randomToken();
  await tx.session.create({
    data: {
      userId,
      tokenHash: sessionTokenHash(token),
      expiresAt: new Date(Date.now() + SESSION_MAX_AGE_SECONDS * 1000),
      ipAddress: context.ipAddress,
      userAgent: context.userAgent,
    },
  });
  return token;
}

/** A live session, with what requests need of its user. */
export type ActiveSession = {
  id: string;
  userId: string;
  expiresAt: Date;
  lastUsedAt: Date;
  user: {
    id: string;
    email: string;
    name: string;
    role: Role;
    accountId: string;
    account: { id: string; name: string; twoFactorRequiredFrom: Date | null };
    /** Whether the user has any method, for the account's requirement (lib/auth/two-factor-requirement.ts). */
    hasTwoFactor: boolean;
  };
};

type ActiveSessionRow = {
  id: string;
  user_id: string;
  expires_at: Date;
  last_used_at: Date;
  email: string;
  name: string;
  role: Role;
  account_id: string;
  account_name: string;
  two_factor_required_from: Date | null;
  has_two_factor: boolean;
};

/**
 * The live session behind a cookie's token, with what requests need of its
 * user, in one statement (every page and action reads it: lib/db.ts `sql`);
 * null when revoked or expired. A request also records that the session was
 * used, but only when the last record is over a minute old, so nearly every
 * request stays one read; the update is conditional, so of parallel requests
 * that all saw an old time only one writes.
 */
export async function findActiveSession(token: string, now = new Date()): Promise<ActiveSession | null> {
  const [row] = await sql<ActiveSessionRow>`
    SELECT s.id, s.user_id, s.expires_at, s.last_used_at, u.email, u.name, u.role, u.account_id,
           a.name AS account_name, a.two_factor_required_from,
           EXISTS (SELECT 1 FROM two_factor_methods m WHERE m.user_id = u.id) AS has_two_factor
      FROM sessions s JOIN users u ON u.id = s.user_id JOIN accounts a ON a.id = u.account_id
     WHERE s.token_hash = ${sessionTokenHash(token)} AND s.expires_at > ${now}::timestamp`;
  if (!row) return null;
  const staleBefore = new Date(now.getTime() - LAST_USED_PRECISION_MS);
  if (row.last_used_at < staleBefore) {
    await sql`UPDATE sessions SET last_used_at = ${now}::timestamp WHERE id = ${row.id}::uuid AND last_used_at < ${staleBefore}::timestamp`;
  }
  return {
    id: row.id,
    userId: row.user_id,
    expiresAt: row.expires_at,
    lastUsedAt: row.last_used_at,
    user: {
      id: row.user_id,
      email: row.email,
      name: row.name,
      role: row.role,
      accountId: row.account_id,
      account: { id: row.account_id, name: row.account_name, twoFactorRequiredFrom: row.two_factor_required_from },
      hasTwoFactor: row.has_two_factor,
    },
  };
}

export async function revokeSession(sessionId: string): Promise<void> {
  await db.session.deleteMany({ where: { id: sessionId } });
}

/** Ends one of the user's sessions, never the asking one, and only if it is the user's: how many ended (0 or 1). */
export async function revokeSessionOfUser(
  { userId, sessionId, keepSessionId }: { userId: string; sessionId: string; keepSessionId: string },
  tx: Tx = db,
): Promise<number> {
  const revoked = await tx.session.deleteMany({ where: { id: sessionId, userId, NOT: { id: keepSessionId } } });
  return revoked.count;
}

export async function revokeOtherSessions(userId: string, keepSessionId: string, tx: Tx = db): Promise<number> {
  const revoked = await tx.session.deleteMany({ where: { userId, id: { not: keepSessionId } } });
  return revoked.count;
}
