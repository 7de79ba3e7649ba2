"use client";

import { SignOutOtherSessionsButton } from "./sign-out-other-sessions-button";

type MethodChangedStepProps = {
  message: string;
  becamePrimary?: boolean;
  notificationSent?: boolean;
  onDone: () => void;
};

/** After any 2FA change: say what happened and offer to sign out other sessions. */
export function MethodChangedStep({ message, becamePrimary, notificationSent, onDone }: MethodChangedStepProps) {
  return (
    <div className="stack">
      <p className="alert alert-success" role="status">
        {message}
        {becamePrimary ? " It is your primary method." : ""}
      </p>
      {notificationSent === false && (
        <p className="alert alert-info">We could not send you the confirmation email, but the change is saved.</p>
      )}
      <p>If you think someone else may be signed in as you, sign out your other sessions too.</p>
      <div className="form-actions">
        <SignOutOtherSessionsButton />
        <button type="button" className="button button-primary" onClick={onDone} autoFocus>
          Done
        </button>
      </div>
    </div>
  );
}
