"use client";

import { useCallback, useState } from "react";
import { useStartAtTop } from "@/components/ui/modal-dialog";
import { CodeForm } from "@/components/two-factor/code-form";
import { ModalDialog } from "@/components/ui/modal-dialog";
import type { MethodEnabled } from "@/lib/two-factor/enable-totp";
import { confirmPasswordForTotpAction, verifyTotpSetupAction } from "../actions";
import { ManualKey } from "./manual-key";
import { MethodChangedStep } from "./method-changed-step";
import type { SetupDialogProps } from "./method-row";
import { PasswordStep } from "./password-step";

type TotpSetup = { qrCodeDataUrl: string; manualKey: string; otpauthUri: string };
type Step =
  | { name: "password" }
  | { name: "scan"; setup: TotpSetup }
  | ({ name: "done" } & MethodEnabled);

/** The help article's "Enable 2FA via mobile phone", steps 3 to 6. */
export function EnableTotpDialog({ open, onClose, email }: SetupDialogProps) {
  const [step, setStep] = useState<Step>({ name: "password" });
  const close = useCallback(() => {
    setStep({ name: "password" }); // the key is never kept once the dialog closes
    onClose();
  }, [onClose]);
  const onPasswordConfirmed = useCallback((setup: TotpSetup) => setStep({ name: "scan", setup }), []);
  const onVerified = useCallback(
    (result: MethodEnabled) => setStep({ name: "done", ...result }),
    [],
  );

  return (
    <ModalDialog open={open} title="Turn on the authentication app" onClose={close}>
      {step.name === "password" && (
        <PasswordStep
          action={confirmPasswordForTotpAction}
          onSuccess={onPasswordConfirmed}
          buttonLabel="Confirm password"
          intro="Enter your password and click on Confirm password."
        />
      )}
      {step.name === "scan" && <ScanStep setup={step.setup} onVerified={onVerified} />}
      {step.name === "done" && (
        <MethodChangedStep
          message="The authentication app is now active."
          becamePrimary={step.becamePrimary}
          notificationSent={step.notificationSent}
          recoveryCodes={step.recoveryCodes && { codes: step.recoveryCodes, email }}
          onDone={close}
        />
      )}
    </ModalDialog>
  );
}

/**
 * Step 4: read the QR code or enter the key. It starts at its top with the
 * instruction in focus, not in the code field the user cannot fill yet; on a
 * phone (which cannot scan its own screen) the link and the key come first.
 */
function ScanStep({ setup, onVerified }: { setup: TotpSetup; onVerified: (result: MethodEnabled) => void }) {
  const instruction = useStartAtTop(setup);
  return (
    <div className="qr-step">
      <p ref={instruction} tabIndex={-1} className="step-instruction">
        Use an authentication app to read the QR Code or enter the code manually.
      </p>
      <p className="muted">We recommend the applications Google Authenticator or Microsoft Authenticator.</p>
      <div className="qr-and-key">
        <div className="stack">
          <a className="phone-only button button-secondary" href={setup.otpauthUri}>
            Open in your authentication app
          </a>
          <ManualKey value={setup.manualKey} />
        </div>
        {/* A data URL rendered on the server; next/image would only add a round trip. */}
        {/* eslint-disable-next-line @next/next/no-img-element */}
        <img className="qr-code" src={setup.qrCodeDataUrl} alt="QR code for your authentication app" />
      </div>
      <CodeForm
        action={verifyTotpSetupAction}
        onSuccess={onVerified}
        autoFocus={false}
        hint="After setup, the app shows a 6-digit code. Enter it here."
      />
    </div>
  );
}
