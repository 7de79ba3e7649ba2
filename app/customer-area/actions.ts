"use server";

import { redirect, RedirectType } from "next/navigation";
import { revokeSession } from "@/lib/auth/sessions";
import { clearSessionCookie } from "@/lib/auth/sign-in-cookies";
import { twoFactorSetupAction } from "@/lib/server-action";
import { noInputSchema } from "@/lib/validations/two-factor";

/** The sign-in page that says "You are signed out." */
const SIGNED_OUT_PAGE = "/sign-in?signed-out=1";

/**
 * Ends the session on the server too, so a copied cookie dies with it. Open to
 * a user who must set up 2FA first. A redirect, not `{ next }`: with the cookie
 * gone, the page the browser is on would otherwise re-render first and send it
 * to sign in as an ended session.
 */
export const signOutAction = twoFactorSetupAction(noInputSchema, async (_input, { session }) => {
  await revokeSession(session.id);
  await clearSessionCookie();
  redirect(SIGNED_OUT_PAGE, RedirectType.replace);
});
