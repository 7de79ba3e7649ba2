import "server-only";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { RequestContext } from "@/lib/request-context";

/** What happened, never with a code, secret or password in it. */
export type SecurityEventType =
  | "sign-in"
  | "sign-in.second-factor"
  | "password.changed"
  | "password.set"
  | "sessions.other-revoked"
  | "two-factor.totp.enabled"
  | "two-factor.totp.disabled"
  | "two-factor.email.enabled"
  | "two-factor.email.disabled"
  | "two-factor.primary-changed";

export async function recordSecurityEvent(
  userId: string,
  type: SecurityEventType,
  context: RequestContext,
  tx: Prisma.TransactionClient = db,
): Promise<void> {
  await tx.securityEvent.create({
    data: { userId, type, ipAddress: context.ipAddress, userAgent: context.userAgent },
  });
}
