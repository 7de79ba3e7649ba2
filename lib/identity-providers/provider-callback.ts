import "server-only";
import type { Account, Profile, User } from "next-auth";
import { currentSession } from "@/lib/auth/current-session";
import { startPendingSignIn } from "@/lib/auth/pending-sign-in";
import { recordSignIn } from "@/lib/auth/sessions";
import { runWithHandoff, type StepHandoff } from "@/lib/auth/session-handoff";
import { holdPendingSignIn, holdReturnPath, readTrustedBrowserCookie, startSession } from "@/lib/auth/sign-in-cookies";
import { recognizeTrustedBrowser } from "@/lib/auth/trusted-browsers";
import type { IdentityProviderId } from "@/lib/config";
import { sql } from "@/lib/db";
import { connectIdentity, type ProviderIdentity } from "@/lib/identity-providers/connected-identities";
import { takeProviderIntent } from "@/lib/identity-providers/intent";
import { holdProviderSignUp } from "@/lib/identity-providers/provider-sign-up";
import { PROVIDER_CALLBACK_COUNTER_PREFIX, providerFailurePath } from "@/lib/identity-providers/provider-failures";
import { requestContext } from "@/lib/request-context";

/**
 * What an identity provider's callback leads to, once Auth.js has checked
 * state, PKCE, nonce, issuer and the ID token's signature (auth.ts
 * `callbacks.signIn`). Returns true when a session was created (the token is
 * on `user`, for the cookie), or the path the browser goes to instead.
 *
 * Nobody's account can be taken over through a provider:
 * - an identity signs in only the user it is connected to, by issuer and
 *   subject, never by email address;
 * - it is connected only by that user's `Connect` (signed in, password
 *   first) or by the sign-up it makes, which takes a verified address that
 *   has no user yet;
 * - the second factor is asked after it exactly as after the password, the
 *   trusted-browser rule included: the provider's own MFA does not count.
 */
export async function answerProviderCallback({
  user,
  account,
  profile,
}: {
  user: User;
  account: Account;
  profile?: Profile;
}): Promise<true | string> {
  const provider = account.provider as IdentityProviderId;
  const intent = await takeProviderIntent(provider);
  const identity = identityOf(provider, profile);
  if (!identity) return providerFailurePath("unreadable", provider);

  if (intent?.kind === "connect") return connectToSignedInUser(identity, intent.sessionId);

  const [known] = await sql<{ user_id: string; has_two_factor: boolean }>`
    SELECT i.user_id, EXISTS (SELECT 1 FROM two_factor_methods m WHERE m.user_id = i.user_id) AS has_two_factor
      FROM connected_identities i WHERE i.issuer = ${identity.issuer} AND i.subject = ${identity.subject}`;
  const next = intent?.kind === "sign-in" ? intent.next : "/customer-area";
  if (known) return signInAs({ userId: known.user_id, hasTwoFactor: known.has_two_factor, provider, next }, user);

  // A new identity: it may only create a user, for an address the provider vouches for.
  if (!identity.email || !identity.emailVerified) return providerFailurePath("email-unverified", provider);
  const [taken] = await sql<{ id: string }>`SELECT id FROM users WHERE email = ${identity.email}`;
  if (taken) return providerFailurePath("email-taken", provider);
  await holdProviderSignUp(identity);
  return "/sign-up/provider";
}

/** The ID token's claims that matter here; null without an issuer or subject. */
function identityOf(provider: IdentityProviderId, profile: Profile | undefined): ProviderIdentity | null {
  const claims = (profile ?? {}) as Record<string, unknown>;
  const issuer = typeof claims.iss === "string" ? claims.iss : undefined;
  const subject = typeof claims.sub === "string" ? claims.sub : undefined;
  if (!issuer || !subject) return null;
  const email = typeof claims.email === "string" ? claims.email.trim().toLowerCase() : undefined;
  const shownAddress = email ?? (typeof claims.preferred_username === "string" ? claims.preferred_username : subject);
  return {
    provider,
    issuer,
    subject,
    email: shownAddress.slice(0, 320),
    // Only an explicit true: Microsoft Entra ID sends no such claim, and its address can be edited by tenants.
    emailVerified: email !== undefined && (claims.email_verified === true || claims.email_verified === "true"),
    name: typeof claims.name === "string" ? claims.name.slice(0, 100) : "",
  };
}

async function signInAs(
  { userId, hasTwoFactor, provider, next }: { userId: string; hasTwoFactor: boolean; provider: IdentityProviderId; next: string },
  user: User,
): Promise<true | string> {
  const context = await requestContext();
  const trusted = hasTwoFactor && (await recognizeTrustedBrowser({ userId, token: await readTrustedBrowserCookie(), now: new Date() }));
  if (hasTwoFactor && !trusted) {
    // Lax: /sign-in/verify is reached by the end of a redirect chain that began on the provider's site.
    await holdPendingSignIn(await startPendingSignIn(userId, context), undefined, { sameSite: "lax" });
    await holdReturnPath(next, { sameSite: "lax" });
    return "/sign-in/verify";
  }
  const sessionToken = await recordSignIn({
    userId,
    context,
    event: { type: trusted ? "sign_in_trusted_browser" : "sign_in", provider },
    clearsCounter: `${PROVIDER_CALLBACK_COUNTER_PREFIX}${context.ipAddress ?? "unknown"}`,
  });
  const handoff: StepHandoff = {};
  await runWithHandoff(handoff, () => startSession({ userId, sessionToken }));
  user.sessionToken = sessionToken;
  return true; // Auth.js goes on to `next`, the callback URL it held since the start

}

/** `Connect` came back: the identity joins the user of the session that asked, if that session is still this browser's. */
async function connectToSignedInUser(identity: ProviderIdentity, sessionId: string): Promise<string> {
  const session = await currentSession();
  if (!session || session.id !== sessionId) return providerFailurePath("connect-ended", identity.provider);
  const outcome = await connectIdentity({ user: session.user, identity, context: await requestContext() });
  const query = outcome === "connected" ? `connected=${identity.provider}` : `connect-failed=${outcome}&provider=${identity.provider}`;
  return `/customer-area/security?${query}#connected-accounts`;
}
