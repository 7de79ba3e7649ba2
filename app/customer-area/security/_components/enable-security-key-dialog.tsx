"use client";

import { startRegistration } from "@simplewebauthn/browser";
import type { PublicKeyCredentialCreationOptionsJSON, RegistrationResponseJSON } from "@simplewebauthn/server";
import { useActionState, useCallback, useEffect, useRef, useState } from "react";
import { browserPromptMessage } from "@/components/two-factor/browser-prompt-error";
import { Field } from "@/components/ui/field";
import { FormStatus } from "@/components/ui/form-status";
import { DialogCancelButton, ModalDialog } from "@/components/ui/modal-dialog";
import { SubmitButton } from "@/components/ui/submit-button";
import type { SecurityKeyAdded } from "@/lib/two-factor/add-security-key";
import { SECURITY_KEY_NAME_MAX_LENGTH } from "@/lib/validations/security-keys";
import { addSecurityKeyAction, confirmPasswordForSecurityKeyAction } from "../actions";
import { MethodChangedStep } from "./method-changed-step";
import type { SetupDialogProps } from "./method-row";
import { PasswordStep } from "./password-step";

type Step =
  | { name: "password" }
  | { name: "prompt"; options: PublicKeyCredentialCreationOptionsJSON }
  | { name: "name"; response: RegistrationResponseJSON }
  | ({ name: "done"; keyName: string } & SecurityKeyAdded);

/** Security key or passkey: password → `Confirm password` → the browser's prompt → a name for the key. */
export function EnableSecurityKeyDialog({ open, onClose, email }: SetupDialogProps) {
  const [step, setStep] = useState<Step>({ name: "password" });
  const close = useCallback(() => {
    setStep({ name: "password" });
    onClose();
  }, [onClose]);
  const onPasswordConfirmed = useCallback(
    ({ options }: { options: PublicKeyCredentialCreationOptionsJSON }) => setStep({ name: "prompt", options }),
    [],
  );

  return (
    <ModalDialog open={open} title="Add a security key or passkey" onClose={close}>
      {step.name === "password" && (
        <PasswordStep
          action={confirmPasswordForSecurityKeyAction}
          onSuccess={onPasswordConfirmed}
          buttonLabel="Confirm password"
          intro="Enter your password and click the Confirm password button. Your browser then asks for your security key or passkey."
        />
      )}
      {step.name === "prompt" && (
        <BrowserPrompt options={step.options} onCreated={(response) => setStep({ name: "name", response })} />
      )}
      {step.name === "name" && (
        <NameStep response={step.response} onAdded={(result) => setStep({ name: "done", ...result })} />
      )}
      {step.name === "done" && (
        <MethodChangedStep
          message={
            step.firstKey
              ? `Security key or passkey is now active: “${step.keyName}”.`
              : `“${step.keyName}” is added to your security keys and passkeys.`
          }
          becamePrimary={step.becamePrimary}
          notificationSent={step.notificationSent}
          recoveryCodes={step.recoveryCodes && { codes: step.recoveryCodes, email }}
          onDone={close}
        />
      )}
    </ModalDialog>
  );
}

/** The browser's own prompt opens at once; if it is closed or fails, `Try again` opens it again (same challenge, 5 minutes). */
function BrowserPrompt({
  options,
  onCreated,
}: {
  options: PublicKeyCredentialCreationOptionsJSON;
  onCreated: (response: RegistrationResponseJSON) => void;
}) {
  const [error, setError] = useState<string | null>(null);
  const [waiting, setWaiting] = useState(false);
  const started = useRef(false);
  const ask = useCallback(async () => {
    setError(null);
    setWaiting(true);
    try {
      onCreated(await startRegistration({ optionsJSON: options }));
    } catch (failure) {
      setError(browserPromptMessage(failure));
    } finally {
      setWaiting(false);
    }
  }, [options, onCreated]);
  useEffect(() => {
    if (started.current) return;
    started.current = true;
    void ask();
  }, [ask]);

  return (
    <div className="stack">
      <p role="status">
        {waiting
          ? "Follow your browser's prompt: touch your security key, or confirm with your phone or computer."
          : "Your browser asks for the security key or passkey."}
      </p>
      <FormStatus error={error ?? undefined} />
      <div className="form-actions">
        <DialogCancelButton />
        <SubmitButton type="button" pending={waiting} onClick={() => void ask()}>
          Try again
        </SubmitButton>
      </div>
    </div>
  );
}

function NameStep({
  response,
  onAdded,
}: {
  response: RegistrationResponseJSON;
  onAdded: (result: SecurityKeyAdded & { keyName: string }) => void;
}) {
  const [state, formAction, isPending] = useActionState(addSecurityKeyAction, null);
  const failed = state && !state.ok ? state : undefined;
  const [keyName, setKeyName] = useState("");
  useEffect(() => {
    if (state?.ok) onAdded({ ...state, keyName: keyName.trim() });
  }, [state, onAdded, keyName]);

  return (
    <form action={formAction} noValidate aria-describedby="key-name-status" className="stack">
      <p>Your browser has made the key. Give it a name, so you can tell your keys apart.</p>
      <input type="hidden" name="response" value={JSON.stringify(response)} />
      <Field
        name="name"
        label="Name of the key"
        hint="For example YubiKey 5 or MacBook."
        required
        autoFocus
        autoComplete="off"
        maxLength={SECURITY_KEY_NAME_MAX_LENGTH}
        value={keyName}
        onChange={(event) => setKeyName(event.target.value)}
        errors={failed?.fieldErrors?.name}
      />
      <FormStatus id="key-name-status" error={failed?.fieldErrors?.name ? undefined : failed?.error} />
      <div className="form-actions">
        <DialogCancelButton />
        <SubmitButton pending={isPending}>Save key</SubmitButton>
      </div>
    </form>
  );
}
