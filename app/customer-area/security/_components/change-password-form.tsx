"use client";

import { useActionState } from "react";
import { changePasswordAction } from "../actions";
import { Field } from "@/components/ui/field";
import { FormStatus } from "@/components/ui/form-status";
import { SubmitButton } from "@/components/ui/submit-button";

function successMessage(otherSessionsSignedOut: number): string {
  if (otherSessionsSignedOut === 0) return "Your password was changed.";
  const sessions = otherSessionsSignedOut === 1 ? "1 other session was" : `${otherSessionsSignedOut} other sessions were`;
  return `Your password was changed. ${sessions} signed out.`;
}

export function ChangePasswordForm({ email }: { email: string }) {
  const [state, formAction, isPending] = useActionState(changePasswordAction, null);
  const failed = state && !state.ok ? state : undefined;
  return (
    <form action={formAction} noValidate aria-describedby="change-password-status">
      <FormStatus
        id="change-password-status"
        error={failed?.error}
        success={state?.ok ? successMessage(state.otherSessionsSignedOut) : undefined}
      />
      <input type="hidden" name="username" autoComplete="username" value={email} readOnly />
      <Field
        name="currentPassword"
        label="Current password"
        type="password"
        autoComplete="current-password"
        required
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
      <div>
        <SubmitButton pending={isPending} pendingLabel="Saving…">
          Change password
        </SubmitButton>
      </div>
    </form>
  );
}
