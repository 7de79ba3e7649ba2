import "server-only";
import { AuthError } from "@/lib/auth/auth-error";
import { keyedHash, randomToken } from "@/lib/auth/tokens";
import { appUrl } from "@/lib/app-origin";
import { db, isUniqueViolation } from "@/lib/db";
import { passwordSetupMail } from "@/lib/mail/messages/password-setup";
import { sendMail } from "@/lib/mail/send-mail";
import { claimUse, RateLimited, releaseUse, type ClaimedUse } from "@/lib/rate-limit";

export const PASSWORD_SETUP_LINK_LIFETIME_MS = 24 * 60 * 60 * 1000;
const HOUR_MS = 60 * 60 * 1000;
/** Invitations go to addresses of the owner's choosing: limited, so the app is nobody's mail cannon. */
export const INVITATIONS_PER_OWNER_PER_HOUR = 10;
export const INVITATIONS_PER_ACCOUNT_PER_HOUR = 20;

type Owner = { id: string; name: string; accountId: string; accountName: string };

/** One use of each of the owner's and the account's hourly invitation limits, or INVITATIONS_LIMITED. */
async function claimInvitation(owner: Owner): Promise<() => Promise<void>> {
  const claims: [string, ClaimedUse][] = [];
  const release = async () => {
    for (const [key, claim] of claims) await releaseUse(key, claim);
  };
  const limits: [string, number][] = [
    [`invitations:owner:${owner.id}`, INVITATIONS_PER_OWNER_PER_HOUR],
    [`invitations:account:${owner.accountId}`, INVITATIONS_PER_ACCOUNT_PER_HOUR],
  ];
  try {
    for (const [key, limit] of limits) claims.push([key, await claimUse(key, { limit, windowMs: HOUR_MS })]);
  } catch (error) {
    await release();
    if (error instanceof RateLimited) throw new AuthError("INVITATIONS_LIMITED", error.retryAt);
    throw error;
  }
  return release;
}

/**
 * An owner adds a member to their account. The new user gets a single-use link
 * (stored hashed, valid 24 hours) to choose a password. If the mail cannot be
 * sent, nothing is kept, so the owner can simply try again.
 *
 * Throws AuthError EMAIL_TAKEN, INVITATIONS_LIMITED, or MailDeliveryError.
 */
export async function addUser(owner: Owner, input: { name: string; email: string }): Promise<void> {
  const releaseInvitation = await claimInvitation(owner);
  const token = randomToken();
  let user;
  try {
    user = await db.user.create({
      data: {
        accountId: owner.accountId,
        name: input.name,
        email: input.email,
        role: "member",
        passwordSetupLinks: {
          create: {
            tokenHash: keyedHash("password-setup-link", token),
            expiresAt: new Date(Date.now() + PASSWORD_SETUP_LINK_LIFETIME_MS),
          },
        },
      },
    });
  } catch (error) {
    await releaseInvitation();
    if (isUniqueViolation(error)) throw new AuthError("EMAIL_TAKEN");
    throw error;
  }
  const link = appUrl(`/set-password?token=${encodeURIComponent(token)}`);
  try {
    await sendMail({
      to: user.email,
      ...passwordSetupMail({ inviteeName: user.name, ownerName: owner.name, accountName: owner.accountName, link }),
    });
  } catch (error) {
    // Not held open across the SMTP call: undo instead, so a retry starts clean.
    await db.user.delete({ where: { id: user.id } });
    await releaseInvitation();
    throw error;
  }
}
