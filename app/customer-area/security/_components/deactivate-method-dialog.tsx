"use client";

import { useCallback, useState } from "react";
import { ModalDialog } from "@/components/ui/modal-dialog";
import { METHOD_WORDS, type TwoFactorMethodType } from "@/lib/two-factor/methods";
import { deactivateMethodAction } from "../actions";
import { MethodChangedStep } from "./method-changed-step";
import { PasswordStep } from "./password-step";

type DeactivateMethodDialogProps = { method: TwoFactorMethodType; open: boolean; onClose: () => void };

/** Step 7 of the article: "disable this method, enter your password, and click the Deactivate button". */
export function DeactivateMethodDialog({ method, open, onClose }: DeactivateMethodDialogProps) {
  const { label } = METHOD_WORDS[method];
  const [done, setDone] = useState<{ notificationSent: boolean } | null>(null);
  const close = useCallback(() => {
    setDone(null);
    onClose();
  }, [onClose]);
  const onDeactivated = useCallback((result: { notificationSent: boolean }) => setDone(result), []);

  return (
    <ModalDialog open={open} title={`Turn off ${label}`} onClose={close}>
      {done ? (
        <MethodChangedStep
          message={`${label} is turned off. Your other method keeps protecting your sign-in.`}
          notificationSent={done.notificationSent}
          onDone={close}
        />
      ) : (
        <PasswordStep
          action={deactivateMethodAction}
          onSuccess={onDeactivated}
          buttonLabel="Deactivate"
          buttonVariant="danger"
          intro="Enter your password and click the Deactivate button."
        >
          <input type="hidden" name="method" value={method} />
        </PasswordStep>
      )}
    </ModalDialog>
  );
}
