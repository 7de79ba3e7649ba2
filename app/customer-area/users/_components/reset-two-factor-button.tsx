"use client";

import { useActionState, useState } from "react";
import { Field } from "@/components/ui/field";
import { FormStatus } from "@/components/ui/form-status";
import { ModalDialog } from "@/components/ui/modal-dialog";
import { SubmitButton } from "@/components/ui/submit-button";
import { resetTwoFactorAction } from "../actions";

type ResetTwoFactorButtonProps = { userId: string; name: string; email: string; methods: string };

function sessionsText(count: number): string {
  if (count === 0) return "They had no open session.";
  return count === 1 ? "Their open session was signed out." : `Their ${count} open sessions were signed out.`;
}

function ResetTwoFactorForm({ userId, name, email, methods, onClose }: ResetTwoFactorButtonProps & { onClose: () => void }) {
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
        browsers they trust. At their next sign-in they need only their password, and can set up two-factor
        authentication again.
      </p>
      <input type="hidden" name="userId" value={userId} />
      <Field
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
export function ResetTwoFactorButton(props: ResetTwoFactorButtonProps) {
  const [open, setOpen] = useState(false);
  const close = () => setOpen(false);
  return (
    <>
      <button type="button" className="button button-secondary button-small" onClick={() => setOpen(true)}>
        Reset two-factor authentication
      </button>
      <ModalDialog open={open} title={`Reset two-factor authentication of ${props.name}`} onClose={close}>
        <ResetTwoFactorForm {...props} onClose={close} />
      </ModalDialog>
    </>
  );
}
