import type { Metadata } from "next";
import { requireSession } from "@/lib/auth/current-session";
import { mustSetUpTwoFactor } from "@/lib/auth/two-factor-requirement";
import { readTrustedBrowserCookie } from "@/lib/auth/sign-in-cookies";
import { getSecurityPageData } from "@/lib/security/security-page-data";
import { ChangePasswordForm } from "./_components/change-password-form";
import { FocusLinkedSection } from "./_components/focus-linked-section";
import { SecurityActivity } from "./_components/security-activity";
import { SessionsSection } from "./_components/sessions-section";
import { TrustedBrowsersSection } from "./_components/trusted-browsers-section";
import { TwoFactorSection } from "./_components/two-factor-section";

export const metadata: Metadata = { title: "Security and access" };

export default async function SecurityPage() {
  const session = await requireSession({ allowTwoFactorSetup: true });
  const { id: currentSessionId, userId } = session;
  const trustedBrowserToken = await readTrustedBrowserCookie();
  const { email, methods, securityKeys, recoveryCodesLeft, recentEvents, sessions, sessionCount, trustedBrowsers } =
    await getSecurityPageData(userId, { currentSessionId, trustedBrowserToken });
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
      {setupOnly ? null : <SessionsSection sessions={sessions} sessionCount={sessionCount} />}
      {setupOnly ? null : <TrustedBrowsersSection trustedBrowsers={trustedBrowsers} />}
      {setupOnly ? null : <SecurityActivity events={recentEvents} />}
    </>
  );
}
