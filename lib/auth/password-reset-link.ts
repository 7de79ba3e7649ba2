import "server-only";
import { keyedHash } from "@/lib/auth/tokens";
import { db } from "@/lib/db";

/**
 * The link /forgot-password mails. Its token travels only in the mail; the
 * database keeps a keyed hash of it, the user it belongs to, and a keyed hash
 * of the password hash it replaces: a link sent before any password change
 * (a reset, `Change password`, an invitation's first password) no longer matches and is dead.
 */

export const PASSWORD_RESET_LINK_MINUTES = 30;
export const PASSWORD_RESET_LINK_LIFETIME_MS = PASSWORD_RESET_LINK_MINUTES * 60 * 1000;
/** A link's token is 43 characters; anything much longer is not one of ours and is never hashed. */
export const PASSWORD_RESET_TOKEN_MAX_LENGTH = 200;

export function passwordResetTokenHash(token: string): string {
  return keyedHash("password-reset-link", token);
}

/** What binds a link to the password it replaces: never the hash itself, and equal only for the same hash. */
export function passwordFingerprint(passwordHash: string): string {
  return keyedHash("password-reset-binding", passwordHash);
}

/**
 * The live link behind a token, with what the reset needs of its user, or null
 * when it is unknown, used, expired or bound to a password the user no longer has.
 */
export async function findUsablePasswordResetLink(token: string, now = new Date()) {
  if (token.length === 0 || token.length > PASSWORD_RESET_TOKEN_MAX_LENGTH) return null;
  const link = await db.passwordResetLink.findUnique({
    where: { tokenHash: passwordResetTokenHash(token) },
    select: {
      id: true,
      userId: true,
      expiresAt: true,
      usedAt: true,
      passwordFingerprint: true,
      user: {
        select: {
          email: true,
          name: true,
          passwordHash: true,
          primaryTwoFactorType: true,
          twoFactorMethods: { select: { type: true } },
        },
      },
    },
  });
  if (!link || link.usedAt || link.expiresAt <= now) return null;
  if (link.passwordFingerprint !== passwordFingerprint(link.user.passwordHash)) return null;
  return link;
}

export type UsablePasswordResetLink = NonNullable<Awaited<ReturnType<typeof findUsablePasswordResetLink>>>;
