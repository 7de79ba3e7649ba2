import "server-only";
import { randomUUID } from "node:crypto";
import { db } from "@/lib/db";
import type { Prisma, SecurityEventType, TwoFactorMethodType } from "@/lib/generated/prisma/client";
import type { RequestContext } from "@/lib/request-context";

export type SecurityEventInput = {
  userId: string;
  type: SecurityEventType;
  /** The method the event is about, where there is one. */
  method?: TwoFactorMethodType;
  /** The other user an owner's action was about. */
  relatedUserId?: string;
  /** The identity provider it is about (lib/identity-providers). */
  provider?: string;
  context: RequestContext;
};

/** Records what happened, never with a code, secret or password in it; pass the change's transaction. */
export async function recordSecurityEvent(
  { userId, type, method, relatedUserId, provider, context }: SecurityEventInput,
  tx: Prisma.TransactionClient = db,
): Promise<void> {
  await tx.securityEvent.create({
    data: { userId, type, method, relatedUserId, provider, ipAddress: context.ipAddress, userAgent: context.userAgent },
  });
}

/**
 * A failure (wrong password or code, a refused attempt) for the audit trail,
 * folded into at most one row per user, kind, method and minute with a count,
 * so that a flood of guesses cannot flood the table.
 */
export async function recordFailure({ userId, type, method, context }: SecurityEventInput, now = new Date()) {
  const minute = new Date(Math.floor(now.getTime() / 60_000) * 60_000);
  const bucket = `${userId}:${type}:${method ?? "-"}:${minute.toISOString()}`;
  await db.$executeRaw`
    INSERT INTO security_events (id, user_id, type, method, created_at, ip_address, user_agent, count, bucket)
    VALUES (${randomUUID()}::uuid, ${userId}::uuid, ${type}::"SecurityEventType", ${method ?? null}::"TwoFactorMethodType",
            ${now}, ${context.ipAddress}, ${context.userAgent}, 1, ${bucket})
    ON CONFLICT (bucket) DO UPDATE SET count = security_events.count + 1`;
}
