"use client";

import { type ReactNode, useActionState, useEffect } from "react";
import { CodeField } from "@/components/ui/code-field";
import { FormStatus } from "@/components/ui/form-status";
import { SubmitButton } from "@/components/ui/submit-button";
import type { ActionResult } from "@/lib/server-action";

type CodeStepProps<T extends object> = {
  action: (previous: unknown, formData: FormData) => Promise<ActionResult<T>>;
  onSuccess: (result: { ok: true } & T) => void;
  hint?: string;
  children?: ReactNode;
};

/** "Enter the code in the 6-digit verification code field and click Verify code." */
export function CodeStep<T extends object>({ action, onSuccess, hint, children }: CodeStepProps<T>) {
  const [state, formAction, isPending] = useActionState(action, null);
  const failed = state && !state.ok ? state : undefined;

  useEffect(() => {
    if (state?.ok) onSuccess(state);
  }, [state, onSuccess]);

  return (
    <form action={formAction} noValidate aria-describedby="code-step-status">
      <CodeField
        hint={hint}
        errors={failed?.fieldErrors?.code}
        formErrorId={failed && !failed.fieldErrors?.code ? "code-step-status" : undefined}
        autoFocus
      />
      <FormStatus id="code-step-status" error={failed?.fieldErrors?.code ? undefined : failed?.error} />
      <div className="dialog-actions">
        {children}
        <SubmitButton pending={isPending}>Verify code</SubmitButton>
      </div>
    </form>
  );
}
