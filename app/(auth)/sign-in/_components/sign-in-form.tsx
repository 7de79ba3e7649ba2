"use client";

import Link from "next/link";
import { useActionState, useEffect, useRef } from "react";
import { Field } from "@/components/ui/field";
import { FormStatus } from "@/components/ui/form-status";
import { SubmitButton } from "@/components/ui/submit-button";
import { plainFormProps, postForm } from "@/components/ui/post-form";
import { useFollowNext } from "@/components/ui/use-follow-next";
import type { ActionFailure } from "@/lib/server-action";
import { ForgotPasswordLink } from "./forgot-password-link";

/** The password step, a route (app/(auth)/sign-in/password/route.ts). */
const PASSWORD_STEP = "/sign-in/password";
const passwordStep = postForm<{ next: string }>(PASSWORD_STEP);

type SignInFormProps = {
  email?: string;
  notice?: string;
  returnTo: string;
  /** The failure a plain post of this form left (JavaScript off; lib/form-flash.ts). */
  initialFailure?: ActionFailure | null;
};

/** Focus starts in the email field; after a failed try it moves to the error, which says what to do. */
export function SignInForm({ email, notice, returnTo, initialFailure = null }: SignInFormProps) {
  const [state, formAction, isPending] = useActionState(passwordStep, initialFailure);
  useFollowNext(state);
  const failed = state && !state.ok ? state : undefined;
  const form = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (state && !state.ok) form.current?.querySelector<HTMLElement>("#sign-in-status [role=alert]")?.focus();
  }, [state]);
  return (
    <form ref={form} {...plainFormProps(PASSWORD_STEP, formAction)} noValidate aria-describedby="sign-in-status">
      <FormStatus id="sign-in-status" error={failed?.error} info={state ? undefined : notice} />
      <input type="hidden" name="next" value={returnTo} />
      <Field
        autoFocus
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
      <ForgotPasswordLink />
      <div className="button-row">
        <SubmitButton pending={isPending} pendingLabel="Signing in…">
          Sign in
        </SubmitButton>
        <Link href="/sign-up">Create an account</Link>
      </div>
    </form>
  );
}
