"use server";

import { revokeSession } from "@/lib/auth/sessions";
import { clearSessionCookie } from "@/lib/auth/sign-in-cookies";
import { twoFactorSetupAction } from "@/lib/server-action";
import { noInputSchema } from "@/lib/validations/two-factor";

/** Ends the session on the server too, so a copied cookie dies with it. Open to a user who must set up 2FA first. */
export const signOutAction = twoFactorSetupAction(noInputSchema, async (_input, { session }) => {
  await revokeSession(session.id);
  await clearSessionCookie();
  return { ok: true, next: "/sign-in?signed-out=1" };
});
