"use client";

import { useActionState } from "react";
import { SubmitButton } from "@/components/ui/submit-button";
import { useFollowNext } from "@/components/ui/use-follow-next";
import { cancelSignInAction } from "../actions";

/** "Cancel", a link in text: ends the pending sign-in (a post, not a link, so no prefetch can end it). */
export function CancelSignInButton() {
  const [state, formAction, isPending] = useActionState(cancelSignInAction, null);
  useFollowNext(state);
  return (
    <form action={formAction} className="inline-form">
      <p className="method-note">
        <SubmitButton pending={isPending} variant="link">
          Cancel
        </SubmitButton>{" "}
        and go back to the sign-in page.
      </p>
    </form>
  );
}
