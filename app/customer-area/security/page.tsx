import type { Metadata } from "next";
import { requireSession } from "@/lib/auth/current-session";
import { mustSetUpTwoFactor } from "@/lib/auth/two-factor-requirement";
import { readTrustedBrowserCookie } from "@/lib/auth/sign-in-cookies";
import { getSecurityPageData } from "@/lib/security/security-page-data";
import { offeredProviders, providerName } from "@/lib/identity-providers/providers";
import { ConnectedAccountsSection } from "./_components/connected-accounts-section";
import { ChangePasswordForm } from "./_components/change-password-form";
import { FocusLinkedSection } from "./_components/focus-linked-section";
import { SecurityActivity } from "./_components/security-activity";
import { SessionsSection } from "./_components/sessions-section";
import { TrustedBrowsersSection } from "./_components/trusted-browsers-section";
import { TwoFactorSection } from "./_components/two-factor-section";

export const metadata: Metadata = { title: "Security and access" };

type Search = Promise<{ connected?: string; "connect-failed"?: string; provider?: string }>;

/** What a provider's callback said about `Connect` (lib/identity-providers/provider-callback.ts). */
function connectNotice({ connected, "connect-failed": failed, provider }: Awaited<Search>) {
  if (typeof connected === "string") return { success: `${providerName(connected)} is connected. You can sign in with it from now on.` };
  const name = typeof provider === "string" ? providerName(provider) : "That provider";
  if (failed === "taken") return { error: `That ${name} account is already connected to another user, so it was not connected to yours.` };
  if (failed === "already-connected") return { success: `That ${name} account was already connected to your user.` };
  if (failed === "provider") return { error: `${name} was not connected: the sign-in there was cancelled or did not succeed. Nothing was changed.` };
  return undefined;
}

export default async function SecurityPage({ searchParams }: { searchParams: Search }) {
  const session = await requireSession({ allowTwoFactorSetup: true });
  const { id: currentSessionId, userId } = session;
  const trustedBrowserToken = await readTrustedBrowserCookie();
  const { email, methods, securityKeys, recoveryCodesLeft, recentEvents, sessions, sessionCount, trustedBrowsers, connectedIdentities } =
    await getSecurityPageData(userId, { currentSessionId, trustedBrowserToken });
  const identities = connectedIdentities.map((identity) => ({ ...identity, providerName: providerName(identity.provider) }));
  // The account requires two-factor authentication: the setup is all this user can do (besides signing out).
  // The other sections are left out in place, so that when the first method turns on and the page renders
  // in full, the open dialog (with the recovery codes to save) keeps its place and stays open.
  const setupOnly = mustSetUpTwoFactor(session);
  return (
    <>
      <h1>Security and access</h1>
      <FocusLinkedSection />
      {/* First: what the customer comes here for (and, while the account requires it, all the user can do). */}
      <TwoFactorSection methods={methods} securityKeys={securityKeys} email={email} recoveryCodesLeft={recoveryCodesLeft} />
      {setupOnly ? null : (
        <section className="card" aria-labelledby="password-heading">
          <h2 id="password-heading">Password</h2>
          <ChangePasswordForm email={email} />
        </section>
      )}
      {setupOnly ? null : (
        <ConnectedAccountsSection identities={identities} providers={offeredProviders()} notice={connectNotice(await searchParams)} />
      )}
      {setupOnly ? null : <SessionsSection sessions={sessions} sessionCount={sessionCount} />}
      {setupOnly ? null : <TrustedBrowsersSection trustedBrowsers={trustedBrowsers} />}
      {setupOnly ? null : <SecurityActivity events={recentEvents} />}
    </>
  );
}
