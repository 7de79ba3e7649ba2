"use client";

import { useActionState } from "react";
import { continueWithProviderAction } from "@/app/(auth)/actions";
import { FormStatus } from "@/components/ui/form-status";
import { SubmitButton } from "@/components/ui/submit-button";

type ProviderButtonsProps = {
  providers: { id: string; name: string }[];
  /** The page of the customer area to come back to after signing in. */
  returnTo: string;
};

/** `Continue with <provider>`, one per configured provider; nothing when there is none. */
export function ProviderButtons({ providers, returnTo }: ProviderButtonsProps) {
  if (providers.length === 0) return null;
  return (
    <div className="provider-buttons">
      {providers.map((provider) => (
        <ProviderButton key={provider.id} provider={provider} returnTo={returnTo} />
      ))}
      <p className="divider" role="presentation">
        <span>or</span>
      </p>
    </div>
  );
}

function ProviderButton({ provider, returnTo }: { provider: { id: string; name: string }; returnTo: string }) {
  const [state, formAction, isPending] = useActionState(continueWithProviderAction, null);
  const statusId = `provider-${provider.id}-status`;
  return (
    <form action={formAction} aria-describedby={statusId}>
      <input type="hidden" name="provider" value={provider.id} />
      <input type="hidden" name="next" value={returnTo} />
      <SubmitButton pending={isPending} pendingLabel="Opening…" variant="secondary" className="button-block">
        Continue with {provider.name}
      </SubmitButton>
      <FormStatus id={statusId} error={state && !state.ok ? state.error : undefined} />
    </form>
  );
}
