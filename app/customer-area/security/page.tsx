import type { Metadata } from "next";
import { ChangePasswordForm } from "@/components/security/change-password-form";
import { requireSession } from "@/lib/auth/current-session";

export const metadata: Metadata = { title: "Security and access" };

export default async function SecurityPage() {
  const { user } = await requireSession();
  return (
    <>
      <h1>Security and access</h1>
      <section className="card" aria-labelledby="password-heading">
        <h2 id="password-heading">Password</h2>
        <ChangePasswordForm email={user.email} />
      </section>
    </>
  );
}
