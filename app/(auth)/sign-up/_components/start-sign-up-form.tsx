"use client";

import Link from "next/link";
import { useActionState } from "react";
import { startSignUpAction } from "../../actions";
import { Field } from "@/components/ui/field";
import { FormStatus } from "@/components/ui/form-status";
import { SubmitButton } from "@/components/ui/submit-button";

/** Sign-up's first step: the same "check your inbox" for every address, so the page tells nobody who has a user. */
export function StartSignUpForm({ hours }: { hours: number }) {
  const [state, formAction, isPending] = useActionState(startSignUpAction, null);
  const failed = state && !state.ok ? state : undefined;
  if (state?.ok) {
    return (
      <div className="stack">
        <p className="alert alert-success" role="status">
          Check your inbox. We sent an email to {state.email} with the way to continue; a link works for {hours} hours.
          Nothing there? Look in the spam folder, or start again in a few minutes.
        </p>
        <Link href="/sign-in">Back to sign in</Link>
      </div>
    );
  }
  return (
    <form action={formAction} noValidate aria-describedby="start-sign-up-status">
      <FormStatus id="start-sign-up-status" error={failed?.error} />
      <Field
        name="email"
        label="Email"
        type="email"
        autoComplete="email"
        required
        defaultValue={failed?.values?.email}
        errors={failed?.fieldErrors?.email}
      />
      <div className="button-row">
        <SubmitButton pending={isPending} pendingLabel="Sending…">
          Continue
        </SubmitButton>
        <Link href="/sign-in">I already have an account</Link>
      </div>
    </form>
  );
}
