"use client";

import { useActionState, useEffect, useRef, useState } from "react";
import { changePasswordAction } from "../actions";
import { Field } from "@/components/ui/field";
import { FormStatus } from "@/components/ui/form-status";
import { SubmitButton } from "@/components/ui/submit-button";

function successMessage(otherSessionsSignedOut: number): string {
  if (otherSessionsSignedOut === 0) return "Your password was changed.";
  const sessions = otherSessionsSignedOut === 1 ? "1 other session was" : `${otherSessionsSignedOut} other sessions were`;
  return `Your password was changed. ${sessions} signed out.`;
}

/** The password section: `Change password` opens the form, which a success or `Cancel` closes again. */
export function ChangePasswordForm({ email }: { email: string }) {
  const [state, formAction, isPending] = useActionState(changePasswordAction, null);
  const [open, setOpen] = useState(false);
  const [shownResult, setShownResult] = useState(state);
  const opener = useRef<HTMLButtonElement>(null);
  const failed = state && !state.ok ? state : undefined;

  // A new success closes the form and says so beside the button (adjusting state to a new answer while rendering).
  if (state !== shownResult) {
    setShownResult(state);
    if (state?.ok) setOpen(false);
  }
  useEffect(() => {
    if (state?.ok) opener.current?.focus();
  }, [state]);

  if (!open) {
    return (
      <div className="stack">
        <p className="muted">Changing your password signs you out everywhere else.</p>
        <FormStatus id="change-password-status" success={state?.ok ? successMessage(state.otherSessionsSignedOut) : undefined} />
        <div>
          <button
            ref={opener}
            type="button"
            className="button button-secondary"
            aria-expanded={false}
            onClick={() => setOpen(true)}
          >
            Change password
          </button>
        </div>
      </div>
    );
  }

  return (
    <form action={formAction} noValidate aria-describedby="change-password-status">
      <FormStatus id="change-password-status" error={failed?.error} />
      <input type="hidden" name="username" autoComplete="username" value={email} readOnly />
      <Field
        name="currentPassword"
        label="Current password"
        type="password"
        autoComplete="current-password"
        required
        autoFocus
        errors={failed?.fieldErrors?.currentPassword}
      />
      <Field
        name="newPassword"
        label="New password"
        type="password"
        autoComplete="new-password"
        required
        hint="At least 12 characters. Changing it signs you out everywhere else."
        errors={failed?.fieldErrors?.newPassword}
      />
      <div className="form-actions">
        <SubmitButton pending={isPending} pendingLabel="Saving…">
          Save new password
        </SubmitButton>
        <button type="button" className="button button-secondary" onClick={() => setOpen(false)}>
          Cancel
        </button>
      </div>
    </form>
  );
}
