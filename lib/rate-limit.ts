import "server-only";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";

/**
 * Fixed-window limits in the database, so that every app instance shares them:
 * at most `limit` uses of a key per window. A use is claimed in one conditional
 * statement before the work it allows, so parallel requests cannot all get one.
 * A window with no use left claimed (all given back) starts again at the next claim.
 */

export type RateWindow = { limit: number; windowMs: number };
export type ClaimedUse = { windowStart: Date; windowEndsAt: Date };

export class RateLimited extends Error {
  override name = "RateLimited";
  constructor(readonly retryAt: Date) {
    super("RATE_LIMITED");
  }
}

/** Claims one use of `key`, or throws RateLimited with the end of the full window. */
export async function claimUse(key: string, { limit, windowMs }: RateWindow, now = new Date()): Promise<ClaimedUse> {
  const windowOpenedBefore = new Date(now.getTime() - windowMs);
  const [claimed] = await db.$queryRaw<{ window_start: Date }[]>`
    INSERT INTO rate_limits AS r (key, window_start, uses) VALUES (${key}, ${now}, 1)
    ON CONFLICT (key) DO UPDATE
       SET window_start = CASE WHEN r.window_start <= ${windowOpenedBefore} OR r.uses = 0 THEN ${now} ELSE r.window_start END,
           uses = CASE WHEN r.window_start <= ${windowOpenedBefore} THEN 1 ELSE r.uses + 1 END
     WHERE r.window_start <= ${windowOpenedBefore} OR r.uses < ${limit}
    RETURNING window_start`;
  if (claimed) {
    return { windowStart: claimed.window_start, windowEndsAt: new Date(claimed.window_start.getTime() + windowMs) };
  }
  const full = await db.rateLimit.findUnique({ where: { key }, select: { windowStart: true } });
  throw new RateLimited(new Date((full?.windowStart ?? now).getTime() + windowMs));
}

/** The claimed work did not happen (a mail that could not be sent): its use is free again. */
export async function releaseUse(key: string, { windowStart }: ClaimedUse): Promise<void> {
  await db.rateLimit.updateMany({ where: { key, windowStart, uses: { gt: 0 } }, data: { uses: { decrement: 1 } } });
}

/** Ends the window early: what it limited is done (a code was used), the next may come at once. */
export async function resetUses(key: string, tx: Prisma.TransactionClient = db): Promise<void> {
  await tx.rateLimit.deleteMany({ where: { key } });
}
