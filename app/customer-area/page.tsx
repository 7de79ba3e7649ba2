import type { Metadata } from "next";
import Link from "next/link";
import { requireSession } from "@/lib/auth/current-session";
import { hasTwoFactor as userHasTwoFactor } from "@/lib/two-factor/active-methods";

export const metadata: Metadata = { title: "Customer area" };

export default async function CustomerAreaHome() {
  const { user } = await requireSession();
  const hasTwoFactor = await userHasTwoFactor(user.id);
  return (
    <>
      <h1>Welcome, {user.name}</h1>
      <section className="card" aria-labelledby="account-heading">
        <h2 id="account-heading">{user.account.name}</h2>
        <p className="muted">
          You are signed in as {user.email} ({user.role === "owner" ? "account owner" : "member"}).
        </p>
      </section>
      <section className="card" aria-labelledby="protect-heading">
        <h2 id="protect-heading">Protect your sign-in</h2>
        <p>
          {hasTwoFactor
            ? "Two-factor authentication is on for your user."
            : "Add a second step to your sign-in so that a stolen password is not enough to get in."}
        </p>
        <Link href="/customer-area/security">{hasTwoFactor ? "Manage two-factor authentication" : "Set up two-factor authentication"}</Link>
      </section>
    </>
  );
}
