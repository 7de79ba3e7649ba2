"use client";

import { useState } from "react";
import { RecoveryCodes, type ShownRecoveryCodes } from "./recovery-codes";
import { SignOutOtherSessionsButton } from "./sign-out-other-sessions-button";

type MethodChangedStepProps = {
  message: string;
  becamePrimary?: boolean;
  notificationSent?: boolean;
  /** "Sign out your other sessions too": after a change; not after a Save that changed nothing. */
  offerSignOut?: boolean;
  /** New recovery codes to show once; `Done` then waits for "I have saved my recovery codes". */
  recoveryCodes?: ShownRecoveryCodes | null;
  onDone: () => void;
};

/** After any 2FA change: say what happened and offer to sign out other sessions. */
export function MethodChangedStep({
  message,
  becamePrimary,
  notificationSent,
  offerSignOut = true,
  recoveryCodes,
  onDone,
}: MethodChangedStepProps) {
  const [saved, setSaved] = useState(false);
  const mustConfirmSaved = Boolean(recoveryCodes) && !saved;
  return (
    <div className="stack">
      <p className="alert alert-success" role="status">
        {message}
        {becamePrimary ? " It is your primary method." : ""}
      </p>
      {notificationSent === false && (
        <p className="alert alert-info">We could not send you the confirmation email, but the change is saved.</p>
      )}
      {recoveryCodes && (
        <>
          <RecoveryCodes {...recoveryCodes} />
          <label className="checkbox-option">
            <input type="checkbox" checked={saved} onChange={(event) => setSaved(event.target.checked)} />
            I have saved my recovery codes
          </label>
        </>
      )}
      {offerSignOut && <p>If you think someone else may be signed in as you, sign out your other sessions too.</p>}
      <div className="form-actions">
        {offerSignOut && <SignOutOtherSessionsButton />}
        <button
          type="button"
          className="button button-primary"
          // aria-disabled, not disabled: Done stays focusable and says what it waits for.
          aria-disabled={mustConfirmSaved || undefined}
          aria-describedby={mustConfirmSaved ? "done-needs-saved-codes" : undefined}
          onClick={() => {
            if (!mustConfirmSaved) onDone();
          }}
          autoFocus={!recoveryCodes}
        >
          Done
        </button>
      </div>
      {mustConfirmSaved && (
        <p id="done-needs-saved-codes" className="method-note">
          Save your recovery codes and tick &quot;I have saved my recovery codes&quot; first.
        </p>
      )}
    </div>
  );
}
