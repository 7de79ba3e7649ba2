"use client";

import { useActionState } from "react";
import { SubmitButton } from "@/components/ui/submit-button";
import { cancelSignInAction } from "../actions";

export function CancelSignInButton() {
  const [, formAction, isPending] = useActionState(cancelSignInAction, null);
  return (
    <form action={formAction}>
      <SubmitButton pending={isPending} variant="secondary">
        Cancel and go back to sign in
      </SubmitButton>
    </form>
  );
}
