import "server-only";
import type { Provider } from "next-auth/providers";
import Google from "next-auth/providers/google";
import MicrosoftEntraID from "next-auth/providers/microsoft-entra-id";
import { config, type IdentityProviderId } from "@/lib/config";

/**
 * The identity providers whose variables are set (lib/config.ts), as Auth.js
 * providers. Each checks PKCE, state and nonce: the state and the PKCE
 * verifier bind the callback to the browser that started it, and the nonce
 * binds the ID token to it. A provider's own MFA never replaces ours
 * (lib/identity-providers/provider-callback.ts asks the second factor).
 */

export type OfferedProvider = { id: IdentityProviderId; name: string };

const CHECKS: ("pkce" | "state" | "nonce")[] = ["pkce", "state", "nonce"];

/** The buttons of /sign-in, /sign-up and Connected accounts, in order. */
export function offeredProviders(): OfferedProvider[] {
  return config().identityProviders.map(({ id, name }) => ({ id, name }));
}

export function findOfferedProvider(id: unknown): OfferedProvider | undefined {
  return offeredProviders().find((provider) => provider.id === id);
}

/** The name on the buttons, or the id of a provider no longer configured (a connected identity stays listed). */
export function providerName(id: string): string {
  return findOfferedProvider(id)?.name ?? { google: "Google", "microsoft-entra-id": "Microsoft", oidc: "single sign-on" }[id] ?? id;
}

export function authJsIdentityProviders(): Provider[] {
  return config().identityProviders.map(({ id, name, clientId, clientSecret, issuer }): Provider => {
    switch (id) {
      case "google":
        return Google({ clientId, clientSecret, checks: CHECKS });
      case "microsoft-entra-id":
        return MicrosoftEntraID({ clientId, clientSecret, issuer, checks: CHECKS });
      case "oidc":
        return { id, name, type: "oidc", issuer, clientId, clientSecret, checks: CHECKS };
    }
  });
}
