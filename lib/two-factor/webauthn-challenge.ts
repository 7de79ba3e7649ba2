import "server-only";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { TwoFactorError } from "@/lib/two-factor/two-factor-error";

/** The one step (a session's key setup, or a pending sign-in) a challenge belongs to. */
export type ChallengeOwner =
  | { userId: string; purpose: "registration"; sessionId: string }
  | { userId: string; purpose: "sign_in"; pendingSignInId: string };

function ownedBy(owner: ChallengeOwner): Prisma.WebAuthnChallengeWhereInput {
  return owner.purpose === "registration"
    ? { userId: owner.userId, purpose: "registration", sessionId: owner.sessionId }
    : { userId: owner.userId, purpose: "sign_in", pendingSignInId: owner.pendingSignInId };
}

/**
 * Uses up the live challenge of this step and returns it, before the answer is
 * checked: whatever the answer, the challenge never works again. The delete is
 * conditional on the row, so of two parallel answers only one gets it. A
 * challenge of another step (another pending sign-in, another session or
 * user) is not this step's and stays where it is.
 *
 * Throws TwoFactorError CHALLENGE_EXPIRED (none, already used, or older than 5 minutes).
 */
export async function claimChallenge(owner: ChallengeOwner, now: Date): Promise<string> {
  const live = await db.webAuthnChallenge.findFirst({
    where: ownedBy(owner),
    orderBy: { createdAt: "desc" },
    select: { id: true, challenge: true, expiresAt: true },
  });
  const claimed = live ? await db.webAuthnChallenge.deleteMany({ where: { id: live.id } }) : { count: 0 };
  if (!live || claimed.count !== 1 || live.expiresAt <= now) throw new TwoFactorError("CHALLENGE_EXPIRED");
  return live.challenge;
}

/** Stores the one live challenge of a step, replacing an earlier one: only the newest prompt can finish. */
export async function storeChallenge(
  tx: Prisma.TransactionClient,
  owner: ChallengeOwner,
  { challenge, now, expiresAt }: { challenge: string; now: Date; expiresAt: Date },
): Promise<void> {
  await tx.webAuthnChallenge.deleteMany({ where: ownedBy(owner) });
  await tx.webAuthnChallenge.create({
    data: {
      userId: owner.userId,
      purpose: owner.purpose,
      sessionId: owner.purpose === "registration" ? owner.sessionId : null,
      pendingSignInId: owner.purpose === "sign_in" ? owner.pendingSignInId : null,
      challenge,
      createdAt: now,
      expiresAt,
    },
  });
}
