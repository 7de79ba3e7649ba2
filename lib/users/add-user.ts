import "server-only";
import { AuthError } from "@/lib/auth/auth-error";
import { keyedHash, randomToken } from "@/lib/auth/tokens";
import { appUrl } from "@/lib/app-origin";
import { db } from "@/lib/db";
import type { Invitation } from "@/lib/generated/prisma/client";
import { invitationForExistingUserMail, passwordSetupMail } from "@/lib/mail/messages/password-setup";
import { sendMail } from "@/lib/mail/send-mail";
import { claimUse, RateLimited, releaseUse, type ClaimedUse } from "@/lib/rate-limit";

export const PASSWORD_SETUP_LINK_LIFETIME_MS = 24 * 60 * 60 * 1000;
/** An expired invitation stays on `Users` this long, so the owner sees it was never accepted and can send it again. */
export const EXPIRED_INVITATIONS_KEPT_DAYS = 30;
const HOUR_MS = 60 * 60 * 1000;
/** Invitations go to addresses of the owner's choosing: limited, so the app is nobody's mail cannon. */
export const INVITATIONS_PER_OWNER_PER_HOUR = 10;
export const INVITATIONS_PER_ACCOUNT_PER_HOUR = 20;
/** Per recipient, whichever accounts invite it: a new account adds no mails to the same inbox. */
export const INVITATIONS_PER_ADDRESS_PER_HOUR = 3;

type Owner = { id: string; name: string; accountId: string; accountName: string };

export function invitationTokenHash(token: string): string {
  return keyedHash("password-setup-link", token);
}

/**
 * One use of each of the owner's, the account's and the recipient's hourly
 * invitation limits, or INVITATIONS_LIMITED (the owner's or the account's) or
 * RECIPIENT_RECENTLY_MAILED (the address's; an earlier invitation is kept as it was).
 */
async function claimInvitation(owner: Owner, email: string): Promise<() => Promise<void>> {
  const claims: [string, ClaimedUse][] = [];
  const release = async () => {
    for (const [key, claim] of claims) await releaseUse(key, claim);
  };
  const recipientKey = `invitations:address:${keyedHash("invitation-address", email)}`;
  const limits: [string, number][] = [
    [`invitations:owner:${owner.id}`, INVITATIONS_PER_OWNER_PER_HOUR],
    [`invitations:account:${owner.accountId}`, INVITATIONS_PER_ACCOUNT_PER_HOUR],
    [recipientKey, INVITATIONS_PER_ADDRESS_PER_HOUR],
  ];
  let claiming = "";
  try {
    for (const [key, limit] of limits) {
      claiming = key;
      claims.push([key, await claimUse(key, { limit, windowMs: HOUR_MS })]);
    }
  } catch (error) {
    await release();
    if (!(error instanceof RateLimited)) throw error;
    throw new AuthError(claiming === recipientKey ? "RECIPIENT_RECENTLY_MAILED" : "INVITATIONS_LIMITED", error.retryAt);
  }
  return release;
}

/**
 * Writes the account's invitation of the address with a new link, in place of
 * any earlier one (whose link dies), and returns how to put things back.
 */
async function saveInvitation(owner: Owner, input: { name: string; email: string }, tokenHash: string, now: Date) {
  const where = { accountId_email: { accountId: owner.accountId, email: input.email } };
  const data = { name: input.name, tokenHash, sentAt: now, expiresAt: new Date(now.getTime() + PASSWORD_SETUP_LINK_LIFETIME_MS) };
  const earlier: Invitation | null = await db.invitation.findUnique({ where });
  await db.invitation.upsert({ where, create: { accountId: owner.accountId, email: input.email, ...data }, update: data });
  return async () => {
    if (!earlier) {
      await db.invitation.deleteMany({ where: { accountId: owner.accountId, email: input.email, tokenHash } });
      return;
    }
    const { name, tokenHash: earlierHash, sentAt, expiresAt } = earlier;
    await db.invitation.updateMany({ where: { id: earlier.id, tokenHash }, data: { name, tokenHash: earlierHash, sentAt, expiresAt } });
  };
}

/**
 * An owner adds a user to their account: an invitation, kept apart from users,
 * whose single-use link (stored hashed, valid 24 hours) lets the person choose
 * a password; the user exists only from then on. Adding an invited address
 * again sends a new link in place of the old one.
 *
 * The owner learns nothing about other accounts: for an address that already
 * has a user elsewhere, the invitation is kept and answered exactly as any
 * other (it just never gets accepted), and that user gets a mail saying so
 * instead of a link. Only a user of the owner's own account is reported.
 * If the mail cannot be sent, nothing is kept, so the owner can simply try again.
 *
 * Throws AuthError ALREADY_IN_ACCOUNT, INVITATIONS_LIMITED, RECIPIENT_RECENTLY_MAILED, or MailDeliveryError.
 */
export async function addUser(owner: Owner, input: { name: string; email: string }, now = new Date()): Promise<void> {
  const existing = await db.user.findUnique({ where: { email: input.email }, select: { name: true, accountId: true } });
  if (existing?.accountId === owner.accountId) throw new AuthError("ALREADY_IN_ACCOUNT");
  const releaseInvitation = await claimInvitation(owner, input.email);
  const token = randomToken();
  const undo = await saveInvitation(owner, input, invitationTokenHash(token), now).catch(async (error: unknown) => {
    await releaseInvitation();
    throw error;
  });
  const names = { ownerName: owner.name, accountName: owner.accountName };
  try {
    await sendMail({
      to: input.email,
      ...(existing
        ? invitationForExistingUserMail({ userName: existing.name, ...names })
        : passwordSetupMail({ inviteeName: input.name, ...names, link: appUrl(`/set-password?token=${encodeURIComponent(token)}`) })),
    });
  } catch (error) {
    // Not held open across the SMTP call: undo instead, so a retry starts clean.
    await undo();
    await releaseInvitation();
    throw error;
  }
}
