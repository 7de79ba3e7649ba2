"use client";

import { useCallback, useState } from "react";
import { ModalDialog } from "@/components/ui/modal-dialog";
import { RECOVERY_CODES_LOW, RECOVERY_CODES_PER_SET, recoveryCodesLeftText } from "@/lib/two-factor/recovery-code-format";
import { generateRecoveryCodesAction } from "../actions";
import { MethodChangedStep } from "./method-changed-step";
import { PasswordStep } from "./password-step";

type Generated = { recoveryCodes: string[]; notificationSent: boolean };
type RecoveryCodesRowProps = { twoFactorOn: boolean; codesLeft: number; email: string };

/** `Recovery codes` in the Two-factor authentication section: how many are left, never the codes. Not a method. */
export function RecoveryCodesRow({ twoFactorOn, codesLeft, email }: RecoveryCodesRowProps) {
  const [open, setOpen] = useState(false);
  const [generated, setGenerated] = useState<Generated | null>(null);
  const close = useCallback(() => {
    setOpen(false);
    setGenerated(null); // the codes are never kept once the dialog closes
  }, []);
  const onGenerated = useCallback((result: Generated) => setGenerated(result), []);
  const runningLow = twoFactorOn && codesLeft <= RECOVERY_CODES_LOW;

  return (
    <div className="method recovery-codes-row" id="recovery-codes" tabIndex={-1} role="group" aria-labelledby="recovery-codes-title">
      <div>
        <p className="method-title" id="recovery-codes-title">
          Recovery codes
        </p>
        <p className="method-note">
          {twoFactorOn
            ? `${recoveryCodesLeftText(codesLeft)}. Each one signs you in once if you lose your phone or security key, or cannot get into your mailbox.`
            : `You get ${RECOVERY_CODES_PER_SET} recovery codes when you turn on your first method: a way back in if you lose your phone, security key or mailbox.`}
        </p>
        {runningLow && (
          <p className="alert alert-warning">
            {codesLeft === 0 ? "You have no recovery codes left." : `Only ${recoveryCodesLeftText(codesLeft)}.`} Generate
            new codes so that you can still sign in if you lose your phone, security key or mailbox.
          </p>
        )}
      </div>
      {twoFactorOn && (
        <button type="button" className="button button-secondary" onClick={() => setOpen(true)}>
          Generate new codes
        </button>
      )}
      <ModalDialog open={open} title="Generate new recovery codes" onClose={close}>
        {generated ? (
          <MethodChangedStep
            message="Your new recovery codes are ready. The earlier ones no longer work."
            notificationSent={generated.notificationSent}
            recoveryCodes={{ codes: generated.recoveryCodes, email }}
            onDone={close}
          />
        ) : (
          <PasswordStep
            action={generateRecoveryCodesAction}
            onSuccess={onGenerated}
            buttonLabel="Generate new codes"
            intro={`Enter your password and click Generate new codes. Your current recovery codes stop working and ${RECOVERY_CODES_PER_SET} new ones are shown, once.`}
          />
        )}
      </ModalDialog>
    </div>
  );
}
