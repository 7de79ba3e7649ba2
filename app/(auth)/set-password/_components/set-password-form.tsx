"use client";

import { useActionState } from "react";
import { setPasswordAction } from "../../actions";
import { Field } from "@/components/ui/field";
import { FormStatus } from "@/components/ui/form-status";
import { SubmitButton } from "@/components/ui/submit-button";
import { useFollowNext } from "@/components/ui/use-follow-next";

export function SetPasswordForm({ token, email }: { token: string; email: string }) {
  const [state, formAction, isPending] = useActionState(setPasswordAction, null);
  useFollowNext(state);
  const failed = state && !state.ok ? state : undefined;
  return (
    <form action={formAction} noValidate aria-describedby="set-password-status">
      <FormStatus id="set-password-status" error={failed?.error} />
      <input type="hidden" name="token" value={token} />
      {/* Lets password managers file the new password under the right account. */}
      <input type="hidden" name="username" autoComplete="username" value={email} readOnly />
      <Field
        name="password"
        label="New password"
        type="password"
        autoComplete="new-password"
        required
        hint="At least 12 characters."
        errors={failed?.fieldErrors?.password}
      />
      <SubmitButton pending={isPending} pendingLabel="Saving…">
        Set password
      </SubmitButton>
    </form>
  );
}
