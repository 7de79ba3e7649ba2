"use client";

import { useActionState } from "react";
import { signOutAction } from "../actions";

export function SignOutButton() {
  // The action redirects to the sign-in page ("You are signed out."); it answers nothing else.
  const [, formAction, isPending] = useActionState(signOutAction, null);
  return (
    <form action={formAction}>
      <button type="submit" className="menu-item" aria-busy={isPending || undefined} disabled={isPending}>
        Sign out
      </button>
    </form>
  );
}
