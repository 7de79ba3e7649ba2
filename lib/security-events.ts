import "server-only";
import { db } from "@/lib/db";
import type { Prisma, SecurityEventType, TwoFactorMethodType } from "@/lib/generated/prisma/client";
import type { RequestContext } from "@/lib/request-context";

export type SecurityEventInput = {
  userId: string;
  type: SecurityEventType;
  /** The method the event is about, where there is one. */
  method?: TwoFactorMethodType;
  context: RequestContext;
};

/** Records what happened, never with a code, secret or password in it; pass the change's transaction. */
export async function recordSecurityEvent(
  { userId, type, method, context }: SecurityEventInput,
  tx: Prisma.TransactionClient = db,
): Promise<void> {
  await tx.securityEvent.create({
    data: { userId, type, method, ipAddress: context.ipAddress, userAgent: context.userAgent },
  });
}
