"use client";

import { useActionState } from "react";
import { setPasswordAction } from "../../actions";
import { LinkIdentity, NewPasswordField } from "@/components/auth/link-fields";
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
      <LinkIdentity token={token} email={email} />
      <NewPasswordField errors={failed?.fieldErrors?.password} />
      <SubmitButton pending={isPending} pendingLabel="Saving…">
        Set password
      </SubmitButton>
    </form>
  );
}
