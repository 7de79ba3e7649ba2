"use client";

import { useActionState } from "react";
import { cancelSignInAction, verifySignInCodeAction } from "@/app/(auth)/sign-in/verify/actions";
import { CodeField } from "@/components/ui/code-field";
import { FormStatus } from "@/components/ui/form-status";
import { SubmitButton } from "@/components/ui/submit-button";

export function SignInCodeForm({ method }: { method: "totp" | "email" }) {
  const [state, formAction, isPending] = useActionState(verifySignInCodeAction, null);
  const failed = state && !state.ok ? state : undefined;
  return (
    <form action={formAction} noValidate aria-describedby="sign-in-code-status">
      <input type="hidden" name="method" value={method} />
      <CodeField
        errors={failed?.fieldErrors?.code}
        formErrorId={failed && !failed.fieldErrors?.code ? "sign-in-code-status" : undefined}
        autoFocus
      />
      <FormStatus id="sign-in-code-status" error={failed?.fieldErrors?.code ? undefined : failed?.error} />
      <div>
        <SubmitButton pending={isPending}>Verify code</SubmitButton>
      </div>
    </form>
  );
}

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
