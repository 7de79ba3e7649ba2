"use client";

import { useActionState } from "react";
import { signOutOtherSessionsAction } from "../actions";
import { SubmitButton } from "@/components/ui/submit-button";

function resultMessage(signedOut: number): string {
  if (signedOut === 0) return "There were no other sessions.";
  return signedOut === 1 ? "1 other session was signed out." : `${signedOut} other sessions were signed out.`;
}

export function SignOutOtherSessionsButton() {
  const [state, formAction, isPending] = useActionState(signOutOtherSessionsAction, null);
  return (
    <form action={formAction} className="inline-form">
      <SubmitButton pending={isPending} variant="secondary">
        Sign out other sessions
      </SubmitButton>
      <span aria-live="polite" className="method-note">
        {state ? (state.ok ? resultMessage(state.signedOut) : state.error) : ""}
      </span>
    </form>
  );
}
