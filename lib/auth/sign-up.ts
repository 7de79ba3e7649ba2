import "server-only";
import { AuthError } from "@/lib/auth/auth-error";
import { hashPassword } from "@/lib/auth/password";
import { createSession } from "@/lib/auth/sessions";
import { signUpTokenHash } from "@/lib/auth/start-sign-up";
import { db, isUniqueViolation } from "@/lib/db";
import type { RequestContext } from "@/lib/request-context";

export type SignUpInput = { token: string; accountName: string; name: string; password: string };

/**
 * The second step of sign-up, from the mailed link: creates the account, its
 * owner (with the link's address) and a first session; returns the session's
 * token. The link is used up conditionally, so two tabs cannot both create an
 * account; every other sign-up link of the address ends with it.
 *
 * Throws AuthError SIGN_UP_LINK_INVALID, or EMAIL_TAKEN when the address got a user since the link was sent.
 */
export async function signUp(input: SignUpInput, context: RequestContext, now = new Date()) {
  const tokenHash = signUpTokenHash(input.token);
  if (!(await db.signUpLink.findFirst({ where: { tokenHash, usedAt: null, expiresAt: { gt: now } } }))) {
    throw new AuthError("SIGN_UP_LINK_INVALID");
  }
  const passwordHash = await hashPassword(input.password);
  try {
    return await db.$transaction(async (tx) => {
      const [link] = await tx.signUpLink.updateManyAndReturn({
        where: { tokenHash, usedAt: null, expiresAt: { gt: now } },
        data: { usedAt: now },
      });
      if (!link) throw new AuthError("SIGN_UP_LINK_INVALID");
      await tx.signUpLink.updateMany({ where: { email: link.email, usedAt: null }, data: { usedAt: now } });
      const account = await tx.account.create({ data: { name: input.accountName } });
      const owner = await tx.user.create({
        data: { accountId: account.id, name: input.name, email: link.email, role: "owner", passwordHash },
      });
      return { userId: owner.id, sessionToken: await createSession(owner.id, context, tx) };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new AuthError("EMAIL_TAKEN");
    throw error;
  }
}
