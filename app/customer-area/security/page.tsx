import type { Metadata } from "next";
import { ChangePasswordForm } from "@/components/security/change-password-form";
import type { MethodState } from "@/components/two-factor/methods";
import { TwoFactorSection } from "@/components/two-factor/two-factor-section";
import { requireSession } from "@/lib/auth/current-session";

export const metadata: Metadata = { title: "Security and access" };

export default async function SecurityPage() {
  const { user } = await requireSession();
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
    </>
  );
}
