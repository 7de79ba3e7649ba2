"use client";

import { useActionState } from "react";
import { SubmitButton } from "@/components/ui/submit-button";
import { useCountdown } from "@/components/ui/use-countdown";
import type { ActionResult, FormAction } from "@/lib/server-action";

/** What an action that mails a code answers: whether a mail went out now, and when the next may. */
export type CodeSentResult = { sent: boolean; resendAvailableAt: string };

export type EmailCodeSending = {
  state: ActionResult<CodeSentResult> | null;
  send: (formData: FormData) => void;
  isPending: boolean;
  /** Seconds until `Resend code` works again (the server enforces it too). */
  secondsLeft: number;
};

/** The state of mailing a code: the last answer and the cooldown it started. */
export function useEmailCodeSending(action: FormAction<CodeSentResult>, initialAvailableAt?: string): EmailCodeSending {
  const [state, send, isPending] = useActionState(action, null);
  const secondsLeft = useCountdown(state?.ok ? state.resendAvailableAt : initialAvailableAt);
  return { state, send, isPending, secondsLeft };
}

type ResendCodeButtonProps = {
  sending: EmailCodeSending;
  disabled?: boolean;
  /** Say "A new code is on its way" after a send; off where the page says it already. */
  announceSent?: boolean;
  /** "link": a link in text, where the page has one main button already (the sign-in step). */
  variant?: "button" | "link";
};

/** `Resend code`, disabled with a visible countdown until the cooldown is over. */
export function ResendCodeButton({ sending, disabled, announceSent = true, variant = "button" }: ResendCodeButtonProps) {
  const { state, send, isPending, secondsLeft } = sending;
  return (
    <form action={send} className="inline-form">
      <SubmitButton
        pending={isPending}
        variant={variant === "link" ? "link" : "secondary"}
        disabled={disabled || secondsLeft > 0}
      >
        Resend code
      </SubmitButton>
      <span className="method-note" aria-live="polite">
        {state && !state.ok ? state.error : announceSent && state?.ok && state.sent ? "A new code is on its way. " : ""}
        {secondsLeft > 0 ? `You can ask for a new code in ${secondsLeft} s.` : ""}
      </span>
    </form>
  );
}
