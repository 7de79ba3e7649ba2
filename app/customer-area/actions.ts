"use server";

import { redirect, RedirectType } from "next/navigation";
import { signOut } from "@/auth";
import { twoFactorSetupAction } from "@/lib/server-action";
import { noInputSchema } from "@/lib/validations/two-factor";

/** The sign-in page that says "You are signed out." */
const SIGNED_OUT_PAGE = "/sign-in?signed-out=1";

/**
 * Through next-auth's signOut (auth.ts), which ends the session's row too, so
 * a copied cookie dies with it, and clears the cookie. Open to a user who must
 * set up 2FA first. A redirect, not `{ next }`: with the cookie gone, the page
 * the browser is on would otherwise re-render first and send it to sign in as an ended session.
 */
export const signOutAction = twoFactorSetupAction(noInputSchema, async () => {
  await signOut({ redirect: false });
  redirect(SIGNED_OUT_PAGE, RedirectType.replace);
});
