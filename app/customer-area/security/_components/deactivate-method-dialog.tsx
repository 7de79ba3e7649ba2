"use client";

import { useCallback, useState } from "react";
import { ModalDialog } from "@/components/ui/modal-dialog";
import { METHOD_WORDS, type TwoFactorMethodType } from "@/lib/two-factor/methods";
import { deactivateMethodAction } from "../actions";
import { MethodChangedStep } from "./method-changed-step";
import { PasswordStep } from "./password-step";

type DeactivateMethodDialogProps = {
  method: TwoFactorMethodType;
  /** The method that stays on (the server checks again that one does). */
  remaining: TwoFactorMethodType | undefined;
  isPrimary: boolean;
  open: boolean;
  onClose: () => void;
};

function capitalized(text: string): string {
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}`;
}

/** Said before `Deactivate`: which method stays, and that it becomes (or stays) primary. */
function whatStays(remaining: TwoFactorMethodType | undefined, isPrimary: boolean): string | null {
  if (!remaining) return null;
  const stays = capitalized(METHOD_WORDS[remaining].inSentence);
  return isPrimary
    ? `${stays} stays on and becomes your primary method: sign-in asks for it from now on.`
    : `${stays} stays on and remains your primary method.`;
}

/** Step 7 of the article: "disable this method, enter your password, and click the Deactivate button". */
export function DeactivateMethodDialog({ method, remaining, isPrimary, open, onClose }: DeactivateMethodDialogProps) {
  const { label, inSentence } = METHOD_WORDS[method];
  const staying = whatStays(remaining, isPrimary);
  const [done, setDone] = useState<{ notificationSent: boolean } | null>(null);
  const close = useCallback(() => {
    setDone(null);
    onClose();
  }, [onClose]);
  const onDeactivated = useCallback((result: { notificationSent: boolean }) => setDone(result), []);

  return (
    <ModalDialog open={open} title={`Turn off ${inSentence}`} onClose={close}>
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
          {staying && <p className="alert alert-info">{staying}</p>}
          {method === "webauthn" && (
            <p className="alert alert-info">
              Every security key and passkey you added is removed. To remove only one, use its Remove button instead.
            </p>
          )}
          <input type="hidden" name="method" value={method} />
        </PasswordStep>
      )}
    </ModalDialog>
  );
}
