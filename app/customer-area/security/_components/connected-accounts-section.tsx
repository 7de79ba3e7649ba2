"use client";

import { useCallback, useEffect, useState } from "react";
import { FormStatus } from "@/components/ui/form-status";
import { LocalTime } from "@/components/ui/local-time";
import { ModalDialog } from "@/components/ui/modal-dialog";
import { connectProviderAction, removeIdentityAction } from "../actions";
import { MethodChangedStep } from "./method-changed-step";
import { PasswordStep } from "./password-step";

type Identity = { id: string; provider: string; providerName: string; email: string; createdAt: Date };
type Provider = { id: string; name: string };

type ConnectedAccountsSectionProps = {
  identities: Identity[];
  /** The configured providers (lib/config.ts): each can be connected. */
  providers: Provider[];
  /** What the provider's callback said, from the page's URL. */
  notice?: { error?: string; success?: string };
};

/**
 * `Connected accounts`: the identities at Google, Microsoft or the company's
 * provider that sign this user in (the second factor still asked), each with
 * `Remove`, and a `Connect` for every configured provider. Both take the password first.
 */
export function ConnectedAccountsSection({ identities, providers, notice }: ConnectedAccountsSectionProps) {
  const [connecting, setConnecting] = useState<Provider | null>(null);
  const [removing, setRemoving] = useState<Identity | null>(null);
  // Said once: a reload or the history must not say "connected" again (Next.js keeps its router in step).
  const hasNotice = Boolean(notice?.error || notice?.success);
  useEffect(() => {
    if (hasNotice) window.history.replaceState(window.history.state, "", `${window.location.pathname}${window.location.hash}`);
  }, [hasNotice]);
  if (identities.length === 0 && providers.length === 0) return null;
  return (
    <section className="card" id="connected-accounts" aria-labelledby="connected-accounts-heading" tabIndex={-1}>
      <h2 id="connected-accounts-heading">Connected accounts</h2>
      <p className="method-note">
        Sign in with an account you already have at one of these providers. We still ask for your second factor after
        it, and your password keeps working.
      </p>
      <FormStatus error={notice?.error} success={notice?.success} />
      {identities.length === 0 ? (
        <p className="muted">No connected accounts.</p>
      ) : (
        <ul className="identity-list">
          {identities.map((identity) => (
            <li key={identity.id}>
              <span>
                <strong>{identity.providerName}</strong> · {identity.email}
                <br />
                <span className="muted">
                  Connected since <LocalTime date={identity.createdAt} />
                </span>
              </span>
              <button
                type="button"
                className="button button-secondary"
                aria-label={`Remove ${identity.providerName} (${identity.email})`}
                onClick={() => setRemoving(identity)}
              >
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
      {providers.length > 0 && (
        <div className="button-row">
          {providers.map((provider) => (
            <button key={provider.id} type="button" className="button button-secondary" onClick={() => setConnecting(provider)}>
              Connect {provider.name}
            </button>
          ))}
        </div>
      )}
      <ConnectDialog provider={connecting} onClose={() => setConnecting(null)} />
      <RemoveDialog identity={removing} onClose={() => setRemoving(null)} />
    </section>
  );
}

function ConnectDialog({ provider, onClose }: { provider: Provider | null; onClose: () => void }) {
  const ignore = useCallback(() => {}, []);
  return (
    <ModalDialog open={provider !== null} title={`Connect ${provider?.name ?? ""}`} onClose={onClose}>
      {provider && (
        // A right password sends the browser to the provider (the action redirects): nothing to show after it.
        <PasswordStep
          action={connectProviderAction}
          onSuccess={ignore}
          buttonLabel="Continue"
          intro={`Enter your password and click Continue. ${provider.name} then asks you to sign in there, and sends you back here.`}
        >
          <input type="hidden" name="provider" value={provider.id} />
        </PasswordStep>
      )}
    </ModalDialog>
  );
}

function RemoveDialog({ identity, onClose }: { identity: Identity | null; onClose: () => void }) {
  const [done, setDone] = useState<{ notificationSent: boolean } | null>(null);
  const close = useCallback(() => {
    setDone(null);
    onClose();
  }, [onClose]);
  const onRemoved = useCallback((result: { notificationSent: boolean }) => setDone(result), []);
  return (
    <ModalDialog open={identity !== null} title={`Remove ${identity?.providerName ?? ""}`} onClose={close}>
      {identity &&
        (done ? (
          <MethodChangedStep
            message={`${identity.providerName} (${identity.email}) can no longer sign you in.`}
            notificationSent={done.notificationSent}
            offerSignOut={false}
            onDone={close}
          />
        ) : (
          <PasswordStep
            action={removeIdentityAction}
            onSuccess={onRemoved}
            buttonLabel="Remove"
            buttonVariant="danger"
            intro={`Enter your password and click Remove. ${identity.email} at ${identity.providerName} then no longer signs you in.`}
          >
            <input type="hidden" name="identityId" value={identity.id} />
          </PasswordStep>
        ))}
    </ModalDialog>
  );
}
