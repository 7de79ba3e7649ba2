import "server-only";
import { cookies } from "next/headers";
import { cookieOptions } from "@/lib/auth/cookie-options";
import type { IdentityProviderId } from "@/lib/config";
import { readSignedValue, signValue } from "@/lib/signed-value";

/**
 * What the browser went to a provider for, held (signed) until the provider
 * sends it back to the callback: to sign in (or sign up), or to connect the
 * identity to the user of one session. Lax: the callback is a navigation from
 * the provider's site. It is read once, and lasts as long as a sign-in at the provider may.
 */
export type ProviderIntent =
  | { kind: "sign-in"; provider: IdentityProviderId; next: string; expiresAt: number }
  | { kind: "connect"; provider: IdentityProviderId; sessionId: string; expiresAt: number };

const INTENT_COOKIE = "provider_intent";
const INTENT_SECONDS = 10 * 60;

function isIntent(value: unknown): value is ProviderIntent {
  if (typeof value !== "object" || value === null) return false;
  const intent = value as Partial<ProviderIntent> & { next?: unknown; sessionId?: unknown };
  if (typeof intent.provider !== "string" || typeof intent.expiresAt !== "number") return false;
  return (intent.kind === "sign-in" && typeof intent.next === "string") || (intent.kind === "connect" && typeof intent.sessionId === "string");
}

export async function holdProviderIntent(intent: Omit<ProviderIntent, "expiresAt">, now = Date.now()): Promise<void> {
  const held = { ...intent, expiresAt: now + INTENT_SECONDS * 1000 };
  (await cookies()).set(INTENT_COOKIE, signValue("provider-intent", held), cookieOptions({ maxAgeSeconds: INTENT_SECONDS, sameSite: "lax" }));
}

/** The held intent for `provider`, forgotten as it is read; null when there is none, it expired, or it was for another provider. */
export async function takeProviderIntent(provider: string, now = Date.now()): Promise<ProviderIntent | null> {
  const jar = await cookies();
  const intent = readSignedValue("provider-intent", jar.get(INTENT_COOKIE)?.value, isIntent);
  jar.set(INTENT_COOKIE, "", cookieOptions({ maxAgeSeconds: 0, sameSite: "lax" }));
  return intent && intent.provider === provider && intent.expiresAt > now ? intent : null;
}
