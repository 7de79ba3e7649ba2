"use client";

import { useActionState } from "react";
import { SubmitButton } from "@/components/ui/submit-button";
import { useFollowNext } from "@/components/ui/use-follow-next";
import { cancelSignInAction } from "../actions";

export function CancelSignInButton() {
  const [state, formAction, isPending] = useActionState(cancelSignInAction, null);
  useFollowNext(state);
  return (
    <form action={formAction}>
      <SubmitButton pending={isPending} variant="secondary">
        Cancel and go back to sign in
      </SubmitButton>
    </form>
  );
}
