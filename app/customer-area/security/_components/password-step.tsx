"use client";

import { useActionState, useEffect } from "react";
import { Field } from "@/components/ui/field";
import { FormStatus } from "@/components/ui/form-status";
import { DialogCancelButton } from "@/components/ui/modal-dialog";
import { SubmitButton } from "@/components/ui/submit-button";
import type { FormAction } from "@/lib/server-action";

type PasswordStepProps<T extends object> = {
  action: FormAction<T>;
  onSuccess: (result: { ok: true } & T) => void;
  buttonLabel: "Confirm password" | "Deactivate" | "Save" | "Generate new codes" | "Remove key" | "Rename key" | "Continue" | "Remove";
  intro: string;
  buttonVariant?: "primary" | "danger";
  children?: React.ReactNode;
};

/** "Enter your password and click on Confirm password" (or Deactivate / Save / Remove key): the first step of every 2FA change. */
export function PasswordStep<T extends object>({
  action,
  onSuccess,
  buttonLabel,
  intro,
  buttonVariant = "primary",
  children,
}: PasswordStepProps<T>) {
  const [state, formAction, isPending] = useActionState(action, null);
  const failed = state && !state.ok ? state : undefined;
  // A field of the step's own (a key's new name) has no error line of its own: its words go in the status.
  const otherFieldErrors = Object.entries(failed?.fieldErrors ?? {})
    .filter(([field]) => field !== "password")
    .flatMap(([, errors]) => errors ?? []);

  useEffect(() => {
    if (state?.ok) onSuccess(state);
  }, [state, onSuccess]);

  return (
    <form action={formAction} noValidate aria-describedby="password-step-status">
      <p>{intro}</p>
      {children}
      <Field
        name="password"
        label="Password"
        type="password"
        autoComplete="current-password"
        required
        autoFocus
        errors={failed?.fieldErrors?.password}
        formErrorId={failed && !failed.fieldErrors?.password ? "password-step-status" : undefined}
      />
      <FormStatus
        id="password-step-status"
        error={failed?.fieldErrors?.password ? undefined : otherFieldErrors.join(" ") || failed?.error}
      />
      <div className="form-actions">
        <DialogCancelButton />
        <SubmitButton pending={isPending} variant={buttonVariant}>
          {buttonLabel}
        </SubmitButton>
      </div>
    </form>
  );
}
