import "server-only";
import { signIn } from "@/auth";
import { holdProviderIntent, type ProviderIntent } from "@/lib/identity-providers/intent";

type Intent = ProviderIntent extends infer I ? (I extends ProviderIntent ? Omit<I, "expiresAt"> : never) : never;

/**
 * `Continue with…` or `Connect`: holds what the browser goes for, and asks
 * next-auth for the provider's sign-in address (with the state, PKCE and
 * nonce it keeps in its own cookies). `returnTo` is where a sign-in ends.
 */
export async function providerSignInUrl(intent: Intent, returnTo: string): Promise<string> {
  await holdProviderIntent(intent);
  return signIn(intent.provider, { redirect: false, redirectTo: returnTo });
}
