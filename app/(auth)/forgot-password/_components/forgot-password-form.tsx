"use client";

import Link from "next/link";
import { useActionState, useEffect } from "react";
import { requestPasswordResetAction } from "../../actions";
import { Field } from "@/components/ui/field";
import { FormStatus } from "@/components/ui/form-status";
import { SubmitButton } from "@/components/ui/submit-button";
import { FORGOT_PASSWORD_EMAIL_KEY } from "@/components/auth/forgot-password-email";

const EMAIL_FIELD_ID = "forgot-password-email";

/**
 * `Send reset link`. The answer is the same whether or not the address has a
 * user, so the page can only ever say "if it has one".
 */
export function ForgotPasswordForm({ minutes }: { minutes: number }) {
  const [state, formAction, isPending] = useActionState(requestPasswordResetAction, null);
  const failed = state && !state.ok ? state : undefined;
  // The address typed on /sign-in, handed over in this tab's session storage rather than in the URL.
  useEffect(() => {
    const email = sessionStorage.getItem(FORGOT_PASSWORD_EMAIL_KEY);
    sessionStorage.removeItem(FORGOT_PASSWORD_EMAIL_KEY);
    const field = document.getElementById(EMAIL_FIELD_ID);
    if (email && field instanceof HTMLInputElement && !field.value) field.value = email;
  }, []);

  if (state?.ok) {
    return (
      <div className="stack">
        <p className="alert alert-success" role="status">
          Check your inbox. If {state.email} belongs to a user of the customer area, we sent it a link to choose a new
          password. The link works for {minutes} minutes. Nothing there? Look in the spam folder, or ask again in a few
          minutes.
        </p>
        <Link href="/sign-in">Back to sign in</Link>
      </div>
    );
  }

  return (
    <form action={formAction} noValidate aria-describedby="forgot-password-status">
      <FormStatus id="forgot-password-status" error={failed?.error} />
      <Field
        id={EMAIL_FIELD_ID}
        name="email"
        label="Email"
        type="email"
        autoComplete="username"
        required
        autoFocus
        defaultValue={failed?.values?.email}
        errors={failed?.fieldErrors?.email}
      />
      <div className="button-row">
        <SubmitButton pending={isPending} pendingLabel="Sending…">
          Send reset link
        </SubmitButton>
        <Link href="/sign-in">Back to sign in</Link>
      </div>
    </form>
  );
}
