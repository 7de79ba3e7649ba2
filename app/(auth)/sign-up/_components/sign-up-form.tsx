"use client";

import { useActionState } from "react";
import { signUpAction, signUpWithProviderAction } from "../../actions";
import { LinkIdentity, NewPasswordField } from "@/components/auth/link-fields";
import { Field } from "@/components/ui/field";
import { FormStatus } from "@/components/ui/form-status";
import { SubmitButton } from "@/components/ui/submit-button";
import { useFollowNext } from "@/components/ui/use-follow-next";

/**
 * Sign-up's last step: from the mailed link (the address is the link's), or
 * after an identity provider (`token` absent: the address is the provider's).
 */
export function SignUpForm({ token, email, name }: { token?: string; email: string; name?: string }) {
  const [state, formAction, isPending] = useActionState(token === undefined ? signUpWithProviderAction : signUpAction, null);
  useFollowNext(state);
  const failed = state && !state.ok ? state : undefined;
  return (
    <form action={formAction} noValidate aria-describedby="sign-up-status">
      <FormStatus id="sign-up-status" error={failed?.error} />
      {token === undefined ? (
        <input type="hidden" name="username" autoComplete="username" value={email} readOnly />
      ) : (
        <LinkIdentity token={token} email={email} />
      )}
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
        defaultValue={failed?.values?.name ?? name}
        errors={failed?.fieldErrors?.name}
      />
      <NewPasswordField
        label="Password"
        hint="At least 12 characters. A passphrase of a few words is easy to remember."
        errors={failed?.fieldErrors?.password}
      />
      <SubmitButton pending={isPending} pendingLabel="Creating…">
        Create account
      </SubmitButton>
    </form>
  );
}
