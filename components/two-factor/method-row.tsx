"use client";

import { useState } from "react";
import { DeactivateMethodDialog } from "@/components/two-factor/deactivate-method-dialog";
import { EnableEmailDialog } from "@/components/two-factor/enable-email-dialog";
import { EnableTotpDialog } from "@/components/two-factor/enable-totp-dialog";
import type { MethodState } from "@/components/two-factor/methods";

type MethodRowProps = { method: MethodState; label: string; description: string; isSoleMethod: boolean };

/** One method with its switch: on opens the setup, off opens the deactivation (when another method stays). */
export function MethodRow({ method, label, description, isSoleMethod }: MethodRowProps) {
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
            This is your only method, so it cannot be turned off. To turn it off, you must have both methods active:
            turn on the other method first.
          </p>
        )}
      </div>
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
      {method.type === "totp" && <EnableTotpDialog open={dialog === "enable"} onClose={close} />}
      {method.type === "email" && <EnableEmailDialog open={dialog === "enable"} onClose={close} />}
      <DeactivateMethodDialog method={method.type} label={label} open={dialog === "deactivate"} onClose={close} />
    </li>
  );
}
