import "server-only";
import { AuthError } from "@/lib/auth/auth-error";
import { hashPassword } from "@/lib/auth/password";
import { keyedHash } from "@/lib/auth/tokens";
import { db } from "@/lib/db";
import { recordSecurityEvent } from "@/lib/security-events";
import type { RequestContext } from "@/lib/request-context";

/** The still-usable link for a token, or null. */
export async function findUsablePasswordSetupLink(token: string, now = new Date()) {
  const link = await db.passwordSetupLink.findUnique({
    where: { tokenHash: keyedHash("password-setup-link", token) },
    include: { user: { select: { email: true, name: true } } },
  });
  if (!link || link.usedAt || link.expiresAt <= now) return null;
  return link;
}

/** Uses the link once (a conditional update, so two tabs cannot both use it) and sets the password. */
export async function setPasswordFromLink(token: string, password: string, context: RequestContext): Promise<string> {
  const passwordHash = await hashPassword(password);
  const now = new Date();
  return db.$transaction(async (tx) => {
    const tokenHash = keyedHash("password-setup-link", token);
    const used = await tx.passwordSetupLink.updateMany({
      where: { tokenHash, usedAt: null, expiresAt: { gt: now } },
      data: { usedAt: now },
    });
    if (used.count !== 1) throw new AuthError("LINK_INVALID");
    const link = await tx.passwordSetupLink.findUniqueOrThrow({ where: { tokenHash }, include: { user: true } });
    await tx.user.update({ where: { id: link.userId }, data: { passwordHash } });
    await recordSecurityEvent({ userId: link.userId, type: "password_set", context }, tx);
    return link.user.email;
  });
}
