"use client";

import Link from "next/link";
import { useActionState } from "react";
import { Field } from "@/components/ui/field";
import { FormStatus } from "@/components/ui/form-status";
import { SubmitButton } from "@/components/ui/submit-button";
import { postForm } from "@/components/ui/post-form";
import { useFollowNext } from "@/components/ui/use-follow-next";

/** The password step, a route (app/(auth)/sign-in/password/route.ts). */
const passwordStep = postForm<{ next: string }>("/sign-in/password");

export function SignInForm({ email, notice }: { email?: string; notice?: string }) {
  const [state, formAction, isPending] = useActionState(passwordStep, null);
  useFollowNext(state);
  const failed = state && !state.ok ? state : undefined;
  return (
    <form action={formAction} noValidate aria-describedby="sign-in-status">
      <FormStatus id="sign-in-status" error={failed?.error} info={state ? undefined : notice} />
      <Field
        name="email"
        label="Email"
        type="email"
        autoComplete="username"
        required
        defaultValue={failed?.values?.email ?? email}
        errors={failed?.fieldErrors?.email}
      />
      <Field
        name="password"
        label="Password"
        type="password"
        autoComplete="current-password"
        required
        errors={failed?.fieldErrors?.password}
      />
      <div className="button-row">
        <SubmitButton pending={isPending} pendingLabel="Signing in…">
          Sign in
        </SubmitButton>
        <Link href="/sign-up">Create an account</Link>
      </div>
    </form>
  );
}
