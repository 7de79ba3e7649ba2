"use client";

import { useActionState } from "react";
import { useFollowNext } from "@/components/ui/use-follow-next";
import { signOutAction } from "../actions";

export function SignOutButton() {
  const [state, formAction, isPending] = useActionState(signOutAction, null);
  useFollowNext(state);
  return (
    <form action={formAction}>
      <button type="submit" className="menu-item" aria-busy={isPending || undefined} disabled={isPending}>
        Sign out
      </button>
    </form>
  );
}
