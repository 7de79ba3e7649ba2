"use client";

import { type ReactNode, useActionState, useEffect, useRef, useTransition } from "react";
import { sendSignInEmailCodeAction } from "@/app/(auth)/sign-in/verify/actions";
import { SubmitButton } from "@/components/ui/submit-button";
import { useCountdown } from "@/components/ui/use-countdown";

/**
 * Sends the sign-in code when the email method is shown (from the browser, so a
 * prefetch or crawler never mails anyone), then offers `Resend code` after the cooldown.
 */
export function EmailCodeSender({ maskedEmail, children }: { maskedEmail: string; children: ReactNode }) {
  const [state, formAction, isPending] = useActionState(sendSignInEmailCodeAction, null);
  const [, startTransition] = useTransition();
  const sentOnShow = useRef(false);
  const secondsLeft = useCountdown(state?.ok ? state.resendAvailableAt : undefined);

  useEffect(() => {
    if (sentOnShow.current) return;
    sentOnShow.current = true;
    startTransition(() => formAction(new FormData()));
  }, [formAction]);

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
      <form action={formAction} className="inline-form">
        <SubmitButton pending={isPending} variant="secondary" disabled={secondsLeft > 0 || state === null}>
          Resend code
        </SubmitButton>
        <span className="method-note" aria-live="polite">
          {secondsLeft > 0 ? `You can ask for a new code in ${secondsLeft} s.` : ""}
        </span>
      </form>
    </div>
  );
}
