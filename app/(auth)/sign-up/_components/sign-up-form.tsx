"use client";

import Link from "next/link";
import { useActionState } from "react";
import { signUpAction } from "../../actions";
import { Field } from "@/components/ui/field";
import { FormStatus } from "@/components/ui/form-status";
import { SubmitButton } from "@/components/ui/submit-button";
import { useFollowNext } from "@/components/ui/use-follow-next";

export function SignUpForm() {
  const [state, formAction, isPending] = useActionState(signUpAction, null);
  useFollowNext(state);
  const failed = state && !state.ok ? state : undefined;
  return (
    <form action={formAction} noValidate aria-describedby="sign-up-status">
      <FormStatus id="sign-up-status" error={failed?.error} />
      <Field
        name="accountName"
        label="Company or account name"
        autoComplete="organization"
        required
        maxLength={100}
        defaultValue={failed?.values?.accountName}
        errors={failed?.fieldErrors?.accountName}
      />
      <Field
        name="name"
        label="Your name"
        autoComplete="name"
        required
        maxLength={100}
        defaultValue={failed?.values?.name}
        errors={failed?.fieldErrors?.name}
      />
      <Field
        name="email"
        label="Email"
        type="email"
        autoComplete="email"
        required
        defaultValue={failed?.values?.email}
        errors={failed?.fieldErrors?.email}
      />
      <Field
        name="password"
        label="Password"
        type="password"
        autoComplete="new-password"
        required
        hint="At least 12 characters. A passphrase of a few words is easy to remember."
        errors={failed?.fieldErrors?.password}
      />
      <div className="button-row">
        <SubmitButton pending={isPending} pendingLabel="Creating…">
          Create account
        </SubmitButton>
        <Link href="/sign-in">I already have an account</Link>
      </div>
    </form>
  );
}
