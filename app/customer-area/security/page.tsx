import type { Metadata } from "next";
import { ChangePasswordForm } from "@/components/security/change-password-form";
import { SecurityActivity } from "@/components/security/security-activity";
import type { MethodState } from "@/components/two-factor/methods";
import { SignOutOtherSessionsButton } from "@/components/two-factor/sign-out-other-sessions-button";
import { TwoFactorSection } from "@/components/two-factor/two-factor-section";
import { requireSession } from "@/lib/auth/current-session";
import { db } from "@/lib/db";

export const metadata: Metadata = { title: "Security and access" };

export default async function SecurityPage() {
  const { user } = await requireSession();
  const recentEvents = await db.securityEvent.findMany({
    where: { userId: user.id },
    orderBy: { createdAt: "desc" },
    take: 10,
    select: { id: true, type: true, createdAt: true, ipAddress: true, userAgent: true },
  });
  const activeTypes = new Set(user.twoFactorMethods.map((method) => method.type));
  const methods: MethodState[] = (["totp", "email"] as const).map((type) => ({
    type,
    active: activeTypes.has(type),
    primary: activeTypes.has(type) && user.primaryTwoFactorType === type,
  }));
  return (
    <>
      <h1>Security and access</h1>
      <section className="card" aria-labelledby="password-heading">
        <h2 id="password-heading">Password</h2>
        <ChangePasswordForm email={user.email} />
      </section>
      <TwoFactorSection methods={methods} email={user.email} />
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
