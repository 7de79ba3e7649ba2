"use client";

import { useActionState } from "react";
import { SubmitButton } from "@/components/ui/submit-button";
import { useCountdown } from "@/components/ui/use-countdown";
import type { ActionResult } from "@/lib/server-action";

type ResendCodeButtonProps = {
  action: (previous: unknown, formData: FormData) => Promise<ActionResult<{ resendAvailableAt: string }>>;
  /** ISO time from the server; the server enforces it too. */
  initialAvailableAt: string;
};

/** `Resend code`, disabled with a visible countdown until the cooldown is over. */
export function ResendCodeButton({ action, initialAvailableAt }: ResendCodeButtonProps) {
  const [state, formAction, isPending] = useActionState(action, null);
  const secondsLeft = useCountdown(state?.ok ? state.resendAvailableAt : initialAvailableAt);

  return (
    <form action={formAction} className="inline-form">
      <SubmitButton pending={isPending} variant="secondary" disabled={secondsLeft > 0}>
        Resend code
      </SubmitButton>
      <span className="method-note" aria-live="polite">
        {state && !state.ok ? state.error : state?.ok && secondsLeft > 55 ? "A new code is on its way. " : ""}
        {secondsLeft > 0 ? `You can ask for a new code in ${secondsLeft} s.` : ""}
      </span>
    </form>
  );
}
