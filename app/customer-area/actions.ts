"use server";

import { revokeSession } from "@/lib/auth/sessions";
import { clearSessionCookie } from "@/lib/auth/sign-in-cookies";
import { userAction } from "@/lib/server-action";
import { noInputSchema } from "@/lib/validations/two-factor";

/** Ends the session on the server too, so a copied cookie dies with it. */
export const signOutAction = userAction(noInputSchema, async (_input, { session }) => {
  await revokeSession(session.id);
  await clearSessionCookie();
  return { ok: true, next: "/sign-in" };
});
