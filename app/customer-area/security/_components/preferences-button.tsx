"use client";

import { useCallback, useState } from "react";
import { ModalDialog } from "@/components/ui/modal-dialog";
import { METHOD_WORDS, type MethodState } from "@/lib/two-factor/methods";
import { savePreferencesAction } from "../actions";
import { MethodChangedStep } from "./method-changed-step";
import { PasswordStep } from "./password-step";

/** `Preferences`, top right of the section: choose the primary method when both are active. */
export function PreferencesButton({ methods }: { methods: MethodState[] }) {
  const [open, setOpen] = useState(false);
  const [saved, setSaved] = useState<{ notificationSent: boolean } | null>(null);
  const active = methods.filter((method) => method.active);
  const canChoose = active.length >= 2;
  const close = useCallback(() => {
    setOpen(false);
    setSaved(null);
  }, []);
  const onSaved = useCallback((result: { notificationSent: boolean }) => setSaved(result), []);

  return (
    <div className="preferences">
      <button
        type="button"
        className="button button-secondary"
        aria-disabled={!canChoose || undefined}
        aria-describedby={canChoose ? undefined : "preferences-reason"}
        onClick={() => {
          if (canChoose) setOpen(true);
        }}
      >
        Preferences
      </button>
      {!canChoose && (
        <p id="preferences-reason" className="method-note">
          You can choose a primary method once both methods are active.
        </p>
      )}
      <ModalDialog open={open} title="Two-factor preferences" onClose={close}>
        {saved ? (
          <MethodChangedStep message="Your primary method is saved." notificationSent={saved.notificationSent} onDone={close} />
        ) : (
          <PasswordStep
            action={savePreferencesAction}
            onSuccess={onSaved}
            buttonLabel="Save"
            intro="Select the method you want to set as primary, enter your password and click the Save button. The primary method is the one we ask for first when you sign in."
          >
            <fieldset>
              <legend>Primary method</legend>
              {active.map((method, index) => (
                <label key={method.type} className="radio-option">
                  <input
                    type="radio"
                    name="primaryMethod"
                    value={method.type}
                    defaultChecked={method.primary || (index === 0 && !active.some((other) => other.primary))}
                  />
                  {METHOD_WORDS[method.type].label}
                </label>
              ))}
            </fieldset>
          </PasswordStep>
        )}
      </ModalDialog>
    </div>
  );
}
