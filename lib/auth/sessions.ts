import "server-only";
import { keyedHash, randomToken } from "@/lib/auth/tokens";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
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

type Tx = Prisma.TransactionClient;

function sessionTokenHash(token: string): string {
  return keyedHash("session", token);
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

/** The live session behind a cookie's token, with what requests need of its user; null when revoked or expired. */
export async function findActiveSession(token: string, now = new Date()) {
  const session = await db.session.findUnique({
    where: { tokenHash: sessionTokenHash(token) },
    select: {
      id: true,
      userId: true,
      expiresAt: true,
      user: {
        select: {
          id: true,
          email: true,
          name: true,
          role: true,
          accountId: true,
          account: { select: { id: true, name: true } },
        },
      },
    },
  });
  if (!session || session.expiresAt <= now) return null;
  return session;
}

export type ActiveSession = NonNullable<Awaited<ReturnType<typeof findActiveSession>>>;

export async function revokeSession(sessionId: string): Promise<void> {
  await db.session.deleteMany({ where: { id: sessionId } });
}

export async function revokeOtherSessions(userId: string, keepSessionId: string, tx: Tx = db): Promise<number> {
  const revoked = await tx.session.deleteMany({ where: { userId, id: { not: keepSessionId } } });
  return revoked.count;
}
