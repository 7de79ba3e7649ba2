"use server";

import { redirect } from "next/navigation";
import { currentSession } from "@/lib/auth/current-session";
import { signOut } from "@/lib/auth/next-auth";
import { revokeSession } from "@/lib/auth/sessions";

/** Ends the session on the server too, so a copied cookie dies with it. */
export async function signOutAction(): Promise<void> {
  const session = await currentSession();
  if (session) await revokeSession(session.id);
  await signOut({ redirect: false });
  redirect("/sign-in");
}
