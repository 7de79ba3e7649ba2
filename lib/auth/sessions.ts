import "server-only";
import { keyedHash, randomToken } from "@/lib/auth/tokens";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { RequestContext } from "@/lib/request-context";

/**
 * Server-side sessions. The browser's next-auth cookie names a row here; a
 * request is signed in only while that row exists, so deleting rows signs
 * browsers out (sign-out, password change, "sign out other sessions").
 *
 * A row starts with a one-time ticket: our own code checks the password (and the
 * second factor) and creates the row, and next-auth's credentials provider
 * redeems the ticket to issue a fresh cookie. The ticket lives for a minute.
 */

export const SESSION_MAX_AGE_SECONDS = 8 * 60 * 60;
const TICKET_LIFETIME_MS = 60 * 1000;

type Tx = Prisma.TransactionClient;

export async function createSessionTicket(userId: string, context: RequestContext, tx: Tx = db): Promise<string> {
  const ticket = randomToken();
  await tx.session.create({
    data: {
      userId,
      ticketHash: keyedHash("session-ticket", ticket),
      expiresAt: new Date(Date.now() + SESSION_MAX_AGE_SECONDS * 1000),
      ipAddress: context.ipAddress,
      userAgent: context.userAgent,
    },
  });
  return ticket;
}

/** Single use, even when redeemed twice at once: the conditional update lets one through. */
export async function redeemSessionTicket(ticket: string): Promise<{ sessionId: string; userId: string } | null> {
  if (!ticket) return null;
  const ticketHash = keyedHash("session-ticket", ticket);
  const redeemed = await db.session.updateMany({
    where: { ticketHash, ticketUsedAt: null, createdAt: { gt: new Date(Date.now() - TICKET_LIFETIME_MS) } },
    data: { ticketUsedAt: new Date() },
  });
  if (redeemed.count !== 1) return null;
  const session = await db.session.findUnique({ where: { ticketHash }, select: { id: true, userId: true } });
  return session && { sessionId: session.id, userId: session.userId };
}

/** The live session behind a cookie, with its user; null when revoked, expired or never redeemed. */
export async function findActiveSession(sessionId: string, now = new Date()) {
  const session = await db.session.findUnique({
    where: { id: sessionId },
    include: { user: { include: { account: true, twoFactorMethods: { select: { type: true } } } } },
  });
  if (!session || session.ticketUsedAt === null || session.expiresAt <= now) return null;
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
