import "server-only";
import { AuthError } from "@/lib/auth/auth-error";
import { hashPassword } from "@/lib/auth/password";
import { createSession } from "@/lib/auth/sessions";
import { db, isUniqueViolation } from "@/lib/db";
import type { RequestContext } from "@/lib/request-context";

export type SignUpInput = { accountName: string; name: string; email: string; password: string };

/** Creates the account, its owner and a first session; returns the session's token. */
export async function signUp(input: SignUpInput, context: RequestContext) {
  const passwordHash = await hashPassword(input.password);
  try {
    return await db.$transaction(async (tx) => {
      const account = await tx.account.create({ data: { name: input.accountName } });
      const owner = await tx.user.create({
        data: { accountId: account.id, name: input.name, email: input.email, role: "owner", passwordHash },
      });
      return { userId: owner.id, sessionToken: await createSession(owner.id, context, tx) };
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new AuthError("EMAIL_TAKEN");
    }
    throw error;
  }
}
