"use client";

import { type ComponentType, useState } from "react";
import { METHOD_WORDS, type MethodState, type TwoFactorMethodType } from "@/lib/two-factor/methods";
import type { SecurityKeyItem } from "@/lib/two-factor/security-keys";
import { DeactivateMethodDialog } from "./deactivate-method-dialog";
import { EnableEmailDialog } from "./enable-email-dialog";
import { EnableSecurityKeyDialog } from "./enable-security-key-dialog";
import { EnableTotpDialog } from "./enable-totp-dialog";
import { SecurityKeyList } from "./security-key-list";

/** `email` names the recovery codes file that the first method's done step offers. */
export type SetupDialogProps = { open: boolean; onClose: () => void; email: string };

/** How each method is turned on; a new method is a type error here until it has its dialog. */
const SETUP_DIALOGS: Record<TwoFactorMethodType, ComponentType<SetupDialogProps>> = {
  totp: EnableTotpDialog,
  email: EnableEmailDialog,
  webauthn: EnableSecurityKeyDialog,
};

type MethodRowProps = {
  method: MethodState;
  description: string;
  isSoleMethod: boolean;
  /** The active method that stays if this one is turned off. */
  remaining: TwoFactorMethodType | undefined;
  /** The user has only the article's methods on: its words ("both methods active") hold. */
  articleWords: boolean;
  email: string;
  /** Security key or passkey only: the user's keys, listed under the row. */
  securityKeys?: SecurityKeyItem[];
};

/** Why the sole method's switch cannot be turned off; the article's own words while only its methods are on. */
function soleMethodNote(articleWords: boolean): string {
  return articleWords
    ? "This is your only method, so it cannot be turned off. To turn it off, you must have both methods active: turn on the other method first."
    : "This is your only method, so it cannot be turned off. To turn it off, turn on another method first.";
}

/** One method with its switch: on opens the setup, off opens the deactivation (when another method stays). */
export function MethodRow({ method, description, isSoleMethod, remaining, articleWords, email, securityKeys }: MethodRowProps) {
  const { label } = METHOD_WORDS[method.type];
  const SetupDialog = SETUP_DIALOGS[method.type];
  const [dialog, setDialog] = useState<"enable" | "deactivate" | null>(null);
  const rowId = `method-${method.type}`;
  const close = () => setDialog(null);

  return (
    <li className="method" aria-labelledby={`${rowId}-title`}>
      <div>
        <p className="method-title" id={`${rowId}-title`}>
          {label}
          {method.active && <span className="badge badge-active">Active</span>}
          {method.primary && <span className="badge badge-primary">Primary</span>}
        </p>
        <p className="method-note">{description}</p>
        {isSoleMethod && (
          <p className="method-note" id={`${rowId}-sole`}>
            {soleMethodNote(articleWords)}
          </p>
        )}
        {/* Mounted while the method is off too: the dialog that removed the last key shows its done step. */}
        {securityKeys && (
          <SecurityKeyList
            keys={securityKeys}
            isSoleMethod={isSoleMethod}
            onAddKey={() => setDialog("enable")}
          />
        )}
      </div>
      <div className="switch-with-state">
        {/* The state in words beside the switch (the switch itself says it to screen readers). */}
        <span className="switch-state" aria-hidden="true">
          {method.active ? "On" : "Off"}
        </span>
        <button
          type="button"
          role="switch"
          className="switch"
          aria-checked={method.active}
          aria-label={label}
          aria-describedby={isSoleMethod ? `${rowId}-sole` : undefined}
          // aria-disabled, not disabled: the switch stays focusable, so the reason is read out with it.
          aria-disabled={isSoleMethod || undefined}
          onClick={() => {
            if (!isSoleMethod) setDialog(method.active ? "deactivate" : "enable");
          }}
        />
      </div>
      <SetupDialog open={dialog === "enable"} onClose={close} email={email} />
      <DeactivateMethodDialog
        method={method.type}
        remaining={remaining}
        isPrimary={method.primary}
        open={dialog === "deactivate"}
        onClose={close}
      />
    </li>
  );
}
