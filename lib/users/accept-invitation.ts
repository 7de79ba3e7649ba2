import "server-only";
import { AuthError } from "@/lib/auth/auth-error";
import { hashPassword } from "@/lib/auth/password";
import { db, isUniqueViolation } from "@/lib/db";
import { recordSecurityEvent } from "@/lib/security-events";
import type { RequestContext } from "@/lib/request-context";
import { invitationTokenHash } from "@/lib/users/add-user";

export type UsableInvitation = {
  name: string;
  email: string;
  accountName: string;
  /** The address became a user (of another account, or by sign-up) since the invitation was sent. */
  addressHasUser: boolean;
};

/** The live invitation behind a link's token, or null: used, replaced by a newer one, expired or made up. */
export async function findUsableInvitation(token: string, now = new Date()): Promise<UsableInvitation | null> {
  if (token.length === 0 || token.length > 200) return null;
  const invitation = await db.invitation.findUnique({
    where: { tokenHash: invitationTokenHash(token) },
    select: { name: true, email: true, expiresAt: true, account: { select: { name: true } } },
  });
  if (!invitation || invitation.expiresAt <= now) return null;
  const user = await db.user.findUnique({ where: { email: invitation.email }, select: { id: true } });
  return { name: invitation.name, email: invitation.email, accountName: invitation.account.name, addressHasUser: user !== null };
}

/**
 * The invitee chooses a password: the invitation is used up (a conditional
 * delete, so two tabs cannot both use it) and the user is created in the same
 * transaction, as a member of the inviting account. Returns the address.
 *
 * Throws AuthError LINK_INVALID, or ADDRESS_HAS_USER (and the invitation stays) when the address has a user by now.
 */
export async function acceptInvitation(token: string, password: string, context: RequestContext): Promise<string> {
  const tokenHash = invitationTokenHash(token);
  const now = new Date();
  const invitation = await db.invitation.findUnique({ where: { tokenHash } });
  if (!invitation || invitation.expiresAt <= now) throw new AuthError("LINK_INVALID");
  const passwordHash = await hashPassword(password);
  try {
    return await db.$transaction(async (tx) => {
      const used = await tx.invitation.deleteMany({ where: { id: invitation.id, tokenHash, expiresAt: { gt: now } } });
      if (used.count !== 1) throw new AuthError("LINK_INVALID");
      const user = await tx.user.create({
        data: { accountId: invitation.accountId, email: invitation.email, name: invitation.name, role: "member", passwordHash },
      });
      await recordSecurityEvent({ userId: user.id, type: "password_set", context }, tx);
      return user.email;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new AuthError("ADDRESS_HAS_USER");
    throw error;
  }
}
