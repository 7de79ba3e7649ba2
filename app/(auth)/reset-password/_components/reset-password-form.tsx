"use client";

import { useActionState, useState } from "react";
import { resetPasswordAction } from "../../actions";
import { LinkIdentity, NewPasswordField } from "@/components/auth/link-fields";
import { RECOVERY_CODE_HINT, RecoveryCodeField } from "@/components/two-factor/recovery-code-field";
import { CodeField } from "@/components/ui/code-field";
import { FormStatus } from "@/components/ui/form-status";
import { SubmitButton } from "@/components/ui/submit-button";
import { useFollowNext } from "@/components/ui/use-follow-next";
import type { ResetSecondFactorPrompt } from "@/lib/auth/reset-password-page-data";

type ResetPasswordFormProps = {
  token: string;
  email: string;
  /** "none" for a user without two-factor authentication. */
  secondFactor: ResetSecondFactorPrompt | "none";
};

/**
 * The new password and, for a user with 2FA, the code that must be right
 * before it is stored: one submission, so a wrong code changes nothing.
 */
export function ResetPasswordForm({ token, email, secondFactor }: ResetPasswordFormProps) {
  const [state, formAction, isPending] = useActionState(resetPasswordAction, null);
  // Kept in state, so a wrong code asks only for the code again, not for the new password too.
  const [password, setPassword] = useState("");
  useFollowNext(state);
  const failed = state && !state.ok ? state : undefined;
  const statusId = "reset-password-status";
  const CodeInput = secondFactor === "recovery" ? RecoveryCodeField : CodeField;
  // A failure that is not about a field is about the code (wrong, held back): read it out with the field.
  const codeAboutStatus = failed && !failed.fieldErrors ? statusId : undefined;
  return (
    <form action={formAction} noValidate aria-describedby={statusId}>
      <FormStatus id={statusId} error={failed?.fieldErrors ? "Check the highlighted fields." : failed?.error} />
      <LinkIdentity token={token} email={email} />
      <input type="hidden" name="secondFactor" value={secondFactor} />
      <NewPasswordField
        errors={failed?.fieldErrors?.password}
        autoFocus
        value={password}
        onChange={(event) => setPassword(event.target.value)}
      />
      {secondFactor !== "none" && (
        <CodeInput
          hint={secondFactor === "recovery" ? RECOVERY_CODE_HINT : undefined}
          errors={failed?.fieldErrors?.code}
          formErrorId={codeAboutStatus}
        />
      )}
      <SubmitButton pending={isPending} pendingLabel="Saving…">
        Reset password
      </SubmitButton>
    </form>
  );
}
