"use client";

import { useCallback, useState } from "react";
import { CodeForm } from "@/components/two-factor/code-form";
import { ResendCodeButton, useEmailCodeSending } from "@/components/two-factor/resend-code-button";
import { ModalDialog } from "@/components/ui/modal-dialog";
import type { MethodEnabled } from "@/lib/two-factor/enable-totp";
import { confirmPasswordForEmailAction, resendEmailSetupCodeAction, verifyEmailSetupAction } from "../actions";
import { MethodChangedStep } from "./method-changed-step";
import type { SetupDialogProps } from "./method-row";
import { PasswordStep } from "./password-step";

type Step =
  | { name: "password" }
  | { name: "code"; sentTo: string; resendAvailableAt: string }
  | ({ name: "done" } & MethodEnabled);

/** The help article's "Enable 2FA via e-mail", steps 3 and 4. */
export function EnableEmailDialog({ open, onClose, email }: SetupDialogProps) {
  const [step, setStep] = useState<Step>({ name: "password" });
  const close = useCallback(() => {
    setStep({ name: "password" });
    onClose();
  }, [onClose]);
  const onCodeSent = useCallback(
    ({ sentTo, resendAvailableAt }: { sentTo: string; resendAvailableAt: string }) =>
      setStep({ name: "code", sentTo, resendAvailableAt }),
    [],
  );
  const onVerified = useCallback(
    (result: MethodEnabled) => setStep({ name: "done", ...result }),
    [],
  );

  return (
    <ModalDialog open={open} title="Turn on email verification" onClose={close}>
      {step.name === "password" && (
        <PasswordStep
          action={confirmPasswordForEmailAction}
          onSuccess={onCodeSent}
          buttonLabel="Confirm password"
          intro="Enter your password and click the Confirm password button. We will then email you a 6-digit code."
        >
          <p className="alert alert-info">
            Good to know: an email code is weaker than an authentication app, because whoever gets into your mailbox
            receives the codes too. We recommend also turning on the Authentication app.
          </p>
        </PasswordStep>
      )}
      {step.name === "code" && (
        <div className="stack">
          <p>
            Enter the verification code received via your email (<strong>{step.sentTo}</strong>) and click the Verify
            code button. The code is valid for 10 minutes.
          </p>
          <CodeForm action={verifyEmailSetupAction} onSuccess={onVerified} />
          <ResendSetupCode initialAvailableAt={step.resendAvailableAt} />
        </div>
      )}
      {step.name === "done" && (
        <MethodChangedStep
          message="Email verification is now active."
          becamePrimary={step.becamePrimary}
          notificationSent={step.notificationSent}
          recoveryCodes={step.recoveryCodes && { codes: step.recoveryCodes, email }}
          onDone={close}
        />
      )}
    </ModalDialog>
  );
}

function ResendSetupCode({ initialAvailableAt }: { initialAvailableAt: string }) {
  return <ResendCodeButton sending={useEmailCodeSending(resendEmailSetupCodeAction, initialAvailableAt)} />;
}
