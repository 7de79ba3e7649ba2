/**
 * What /sign-in says when a provider's sign-in did not end in a session. Auth.js
 * sends its own failures there too (pages.error in auth.ts), as `?error=<its type>`:
 * a tampered state, a replayed callback, a wrong nonce or issuer, a refusal at the provider.
 * Safe in client components.
 */

export type ProviderFailure = "email-taken" | "email-unverified" | "unreadable" | "connect-ended" | "throttled";

/** The attempt counter of a client's failed provider callbacks (app/api/auth/[...nextauth]/route.ts). */
export const PROVIDER_CALLBACK_COUNTER_PREFIX = "provider-callback:ip:";

export function providerFailurePath(failure: ProviderFailure, provider?: string): string {
  const query = new URLSearchParams({ error: failure, ...(provider ? { provider } : {}) });
  return `/sign-in?${query}`;
}

export function providerFailureMessage(error: string, providerName: string | undefined): string {
  const name = providerName ?? "the provider";
  switch (error) {
    case "email-taken":
      return `An account already uses this email. Sign in with your password, then connect ${name} under Security and access.`;
    case "email-unverified":
      return `${name} did not confirm that this email address is yours, so it cannot create a user. Create your account with your email address instead.`;
    case "connect-ended":
      return `Connecting ${name} took too long or your session ended. Sign in, then choose Connect under Security and access again.`;
    case "throttled":
      return "Too many sign-ins through a provider failed from your network. Wait a few minutes, then try again, or sign in with your password.";
    default:
      return `We could not sign you in with ${name}, and nothing was changed. Try again, or sign in with your password.`;
  }
}
