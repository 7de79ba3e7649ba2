import "server-only";

import { db } from "@/lib/db";
import type { DevOutboxMail } from "@/lib/generated/prisma/client";

/** The development outbox: mails sendMail stored because no SMTP server is configured. */

export type ListOutboxMailsOptions = {
  /** Only mails to this address (case-insensitive). */
  to?: string;
  limit?: number;
};

const DEFAULT_OUTBOX_LIMIT = 100;

/** Newest first. */
export async function listOutboxMails({ to, limit = DEFAULT_OUTBOX_LIMIT }: ListOutboxMailsOptions = {}): Promise<
  DevOutboxMail[]
> {
  const recipient = to?.trim();
  return db.devOutboxMail.findMany({
    where: recipient ? { to: { equals: recipient, mode: "insensitive" } } : undefined,
    // Mails stored in one transaction share created_at; the id only makes the order stable.
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit,
  });
}
