"use client";

import { useActionState } from "react";
import { SubmitButton } from "@/components/ui/submit-button";
import { removeAllTrustedBrowsersAction } from "../actions";

function resultMessage(removed: number): string {
  if (removed === 0) return "There were no trusted browsers.";
  return removed === 1 ? "1 browser is no longer trusted." : `${removed} browsers are no longer trusted.`;
}

/** `Remove all`; its message stays after the list it emptied is gone. */
export function RemoveAllTrustedBrowsersButton({ hasAny }: { hasAny: boolean }) {
  const [state, formAction, isPending] = useActionState(removeAllTrustedBrowsersAction, null);
  if (!hasAny && !state) return null;
  return (
    <form action={formAction} className="inline-form">
      {hasAny && (
        <SubmitButton pending={isPending} variant="secondary">
          Remove all
        </SubmitButton>
      )}
      <span aria-live="polite" className="method-note">
        {state ? (state.ok ? resultMessage(state.removed) : state.error) : ""}
      </span>
    </form>
  );
}
