import type { Metadata } from "next";
import { requireSession } from "@/lib/auth/current-session";
import { readTrustedBrowserCookie } from "@/lib/auth/sign-in-cookies";
import { getSecurityPageData } from "@/lib/security/security-page-data";
import { ChangePasswordForm } from "./_components/change-password-form";
import { SecurityActivity } from "./_components/security-activity";
import { SessionsSection } from "./_components/sessions-section";
import { TrustedBrowsersSection } from "./_components/trusted-browsers-section";
import { TwoFactorSection } from "./_components/two-factor-section";

export const metadata: Metadata = { title: "Security and access" };

export default async function SecurityPage() {
  const { id: currentSessionId, userId } = await requireSession();
  const trustedBrowserToken = await readTrustedBrowserCookie();
  const { email, methods, recoveryCodesLeft, recentEvents, sessions, sessionCount, trustedBrowsers } =
    await getSecurityPageData(userId, { currentSessionId, trustedBrowserToken });
  return (
    <>
      <h1>Security and access</h1>
      <section className="card" aria-labelledby="password-heading">
        <h2 id="password-heading">Password</h2>
        <ChangePasswordForm email={email} />
      </section>
      <TwoFactorSection methods={methods} email={email} recoveryCodesLeft={recoveryCodesLeft} />
      <SessionsSection sessions={sessions} sessionCount={sessionCount} />
      <TrustedBrowsersSection trustedBrowsers={trustedBrowsers} />
      <SecurityActivity events={recentEvents} />
    </>
  );
}
