"use client";

import { type FormEvent, startTransition, useActionState, useEffect, useState } from "react";
import { DialogCancelButton } from "@/components/ui/modal-dialog";
import { FormStatus } from "@/components/ui/form-status";
import { SubmitButton } from "@/components/ui/submit-button";
import type { PrimaryMethodSaved } from "@/lib/two-factor/set-primary-method";
import { METHOD_WORDS, type MethodState, type TwoFactorMethodType } from "@/lib/two-factor/methods";
import { savePreferencesAction } from "../actions";

type PreferencesFormProps = {
  active: MethodState[];
  onSaved: (saved: PrimaryMethodSaved & { method: TwoFactorMethodType }) => void;
};

/**
 * "Select the method you want to set as primary and click the Save button":
 * no password (the article asks none). The choice is kept in state, and the
 * form is submitted by hand: a form `action` would reset the radios to the
 * current primary after a failed Save, and the next Save would "save" that.
 */
export function PreferencesForm({ active, onSaved }: PreferencesFormProps) {
  const [state, formAction, isPending] = useActionState(savePreferencesAction, null);
  const [chosen, setChosen] = useState<TwoFactorMethodType | undefined>(
    () => (active.find((method) => method.primary) ?? active[0])?.type,
  );
  const failed = state && !state.ok ? state : undefined;
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const formData = new FormData(event.currentTarget);
    startTransition(() => formAction(formData));
  };

  useEffect(() => {
    if (state?.ok) onSaved(state);
  }, [state, onSaved]);

  return (
    <form onSubmit={submit} noValidate aria-describedby="preferences-status">
      <p>
        Select the method you want to set as primary and click the Save button. The primary method is the one we ask
        for first when you sign in.
      </p>
      <fieldset>
        <legend>Primary method</legend>
        {active.map((method) => (
          <label key={method.type} className="radio-option">
            <input
              type="radio"
              name="primaryMethod"
              value={method.type}
              checked={chosen === method.type}
              onChange={() => setChosen(method.type)}
            />
            {METHOD_WORDS[method.type].label}
          </label>
        ))}
      </fieldset>
      <FormStatus id="preferences-status" error={failed?.error} />
      <div className="form-actions">
        <DialogCancelButton />
        <SubmitButton pending={isPending}>Save</SubmitButton>
      </div>
    </form>
  );
}
