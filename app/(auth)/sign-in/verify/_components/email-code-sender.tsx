"use client";

import { type ReactNode, useEffect, useRef, useTransition } from "react";
import { ResendCodeButton, useEmailCodeSending } from "@/components/two-factor/resend-code-button";
import { sendSignInEmailCodeAction } from "../actions";

/**
 * Sends the sign-in code when the email method is shown (from the browser, so a
 * prefetch or crawler never mails anyone), then offers `Resend code` after the cooldown.
 */
export function EmailCodeSender({ maskedEmail, children }: { maskedEmail: string; children: ReactNode }) {
  const sending = useEmailCodeSending(sendSignInEmailCodeAction);
  const { state, send } = sending;
  const [, startTransition] = useTransition();
  const sentOnShow = useRef(false);

  useEffect(() => {
    if (sentOnShow.current) return;
    sentOnShow.current = true;
    startTransition(() => send(new FormData()));
  }, [send]);

  return (
    <div className="stack">
      <p aria-live="polite">
        {state === null
          ? `Sending a 6-digit code to ${maskedEmail}…`
          : state.ok
            ? `We sent a 6-digit code to ${maskedEmail}. Enter the verification code received via your email; it is valid for 10 minutes.`
            : state.error}
      </p>
      {children}
      <ResendCodeButton sending={sending} disabled={state === null} announceSent={false} variant="link" />
    </div>
  );
}
