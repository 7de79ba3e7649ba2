import "server-only";
import { AuthError } from "@/lib/auth/auth-error";
import { keyedHash, randomToken } from "@/lib/auth/tokens";
import { config } from "@/lib/config";
import { db, isUniqueViolation } from "@/lib/db";
import { passwordSetupMail } from "@/lib/mail/messages/password-setup";
import { sendMail } from "@/lib/mail/send-mail";

export const PASSWORD_SETUP_LINK_LIFETIME_MS = 24 * 60 * 60 * 1000;

/**
 * An owner adds a member to their account. The new user gets a single-use link
 * (stored hashed, valid 24 hours) to choose a password. If the mail cannot be
 * sent, nothing is kept, so the owner can simply try again.
 */
export async function addUser(
  owner: { id: string; name: string; accountId: string; accountName: string },
  input: { name: string; email: string },
): Promise<void> {
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
    if (isUniqueViolation(error)) {
      throw new AuthError("EMAIL_TAKEN");
    }
    throw error;
  }
  const link = `${config().appUrl}/set-password?token=${encodeURIComponent(token)}`;
  try {
    await sendMail({
      to: user.email,
      ...passwordSetupMail({ inviteeName: user.name, ownerName: owner.name, accountName: owner.accountName, link }),
    });
  } catch (error) {
    // Not held open across the SMTP call: undo instead, so a retry starts clean.
    await db.user.delete({ where: { id: user.id } });
    throw error;
  }
}
