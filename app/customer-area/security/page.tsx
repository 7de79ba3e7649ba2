import type { Metadata } from "next";
import { requireSession } from "@/lib/auth/current-session";
import { getSecurityPageData } from "@/lib/security/security-page-data";
import { ChangePasswordForm } from "./_components/change-password-form";
import { SecurityActivity } from "./_components/security-activity";
import { SignOutOtherSessionsButton } from "./_components/sign-out-other-sessions-button";
import { TwoFactorSection } from "./_components/two-factor-section";

export const metadata: Metadata = { title: "Security and access" };

export default async function SecurityPage() {
  const { userId } = await requireSession();
  const { email, methods, recoveryCodesLeft, recentEvents } = await getSecurityPageData(userId);
  return (
    <>
      <h1>Security and access</h1>
      <section className="card" aria-labelledby="password-heading">
        <h2 id="password-heading">Password</h2>
        <ChangePasswordForm email={email} />
      </section>
      <TwoFactorSection methods={methods} email={email} recoveryCodesLeft={recoveryCodesLeft} />
      <section className="card" aria-labelledby="sessions-heading">
        <h2 id="sessions-heading">Sessions</h2>
        <div className="sessions-row">
          <p className="method-note">Lost a device, or signed in somewhere you no longer use? End every session but this one.</p>
          <SignOutOtherSessionsButton />
        </div>
      </section>
      <SecurityActivity events={recentEvents} />
    </>
  );
}
