"use client";

import { useActionState, useState } from "react";
import { Field } from "@/components/ui/field";
import { FormStatus } from "@/components/ui/form-status";
import { ModalDialog } from "@/components/ui/modal-dialog";
import { SubmitButton } from "@/components/ui/submit-button";
import { resetTwoFactorAction } from "../actions";

type ResetTwoFactorFormProps = { userId: string; name: string; email: string; methods: string };
/** `canReset`: whether the user has two-factor authentication (the button shows only then). */
type ResetTwoFactorButtonProps = ResetTwoFactorFormProps & { canReset: boolean };

function sessionsText(count: number): string {
  if (count === 0) return "They had no open session.";
  return count === 1 ? "Their open session was signed out." : `Their ${count} open sessions were signed out.`;
}

function ResetTwoFactorForm({ userId, name, email, methods, onClose }: ResetTwoFactorFormProps & { onClose: () => void }) {
  const [state, formAction, isPending] = useActionState(resetTwoFactorAction, null);
  const failed = state && !state.ok ? state : undefined;
  if (state?.ok) {
    return (
      <div className="dialog-done">
        <FormStatus
          success={`The two-factor authentication of ${name} was reset. ${sessionsText(state.sessionsEnded)}`}
          info={state.notificationSent ? undefined : `We could not email ${email} about it; tell them yourself.`}
        />
        <div className="form-actions">
          <button type="button" className="button button-primary" onClick={onClose} autoFocus>
            Done
          </button>
        </div>
      </div>
    );
  }
  const fieldError = failed?.fieldErrors?.confirmation ?? failed?.fieldErrors?.password;
  return (
    <form action={formAction} noValidate aria-describedby="reset-two-factor-status">
      <p>
        This removes the methods of {name} ({methods}) and their recovery codes, signs them out everywhere and ends the
        browsers they trust. At their next sign-in their password alone lets them in, to set up two-factor
        authentication again (first of all, if the account requires it).
      </p>
      <input type="hidden" name="userId" value={userId} />
      <Field
        id="reset-confirmation"
        name="confirmation"
        label={`Type ${email} to confirm`}
        autoComplete="off"
        spellCheck={false}
        required
        maxLength={254}
        defaultValue={failed?.values?.confirmation}
        errors={failed?.fieldErrors?.confirmation}
      />
      <Field
        id="reset-password"
        name="password"
        label="Your password"
        type="password"
        autoComplete="current-password"
        required
        errors={failed?.fieldErrors?.password}
        formErrorId={failed && !fieldError ? "reset-two-factor-status" : undefined}
      />
      <FormStatus id="reset-two-factor-status" error={fieldError ? undefined : failed?.error} />
      <div className="form-actions">
        <button type="button" className="button button-secondary" onClick={onClose}>
          Cancel
        </button>
        <SubmitButton pending={isPending} pendingLabel="Resetting…" variant="danger">
          Reset two-factor authentication
        </SubmitButton>
      </div>
    </form>
  );
}

/** `Reset two-factor authentication` for one user of the owner's account: the typed address and the owner's password first. */
export function ResetTwoFactorButton({ canReset, ...user }: ResetTwoFactorButtonProps) {
  const [open, setOpen] = useState(false);
  const close = () => setOpen(false);
  // The dialog stays mounted when the reset leaves the user without a method (and the button goes), to show its result.
  return (
    <>
      {canReset && (
        <div className="row-action">
          <button type="button" className="button button-secondary button-small" onClick={() => setOpen(true)}>
            Reset two-factor authentication
          </button>
        </div>
      )}
      <ModalDialog open={open} title={`Reset two-factor authentication of ${user.name}`} onClose={close}>
        <ResetTwoFactorForm {...user} onClose={close} />
      </ModalDialog>
    </>
  );
}
