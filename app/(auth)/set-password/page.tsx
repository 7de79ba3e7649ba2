import type { Metadata } from "next";
import Link from "next/link";
import { SetPasswordForm } from "./_components/set-password-form";
import { findUsableInvitation } from "@/lib/users/accept-invitation";

export const metadata: Metadata = { title: "Set your password", referrer: "no-referrer" };

export default async function SetPasswordPage({ searchParams }: { searchParams: Promise<{ token?: string }> }) {
  const { token } = await searchParams;
  const invitation = typeof token === "string" ? await findUsableInvitation(token) : null;
  if (!invitation || !token) {
    return (
      <div className="card">
        <h1>This link cannot be used</h1>
        <p>It has expired, was already used, or a newer invitation replaced it. Ask the owner of your account to add you again, or sign in if you already set a password.</p>
        <Link href="/sign-in">Go to sign in</Link>
      </div>
    );
  }
  if (invitation.addressHasUser) {
    return (
      <div className="card">
        <h1>You already have a user</h1>
        <p>
          <strong>{invitation.email}</strong> already belongs to a user in the customer area, and an address can belong to one
          account only. Sign in with it, or ask the owner of “{invitation.accountName}” to add another address of yours.
        </p>
        <Link href="/sign-in">Go to sign in</Link>
      </div>
    );
  }
  return (
    <div className="card">
      <h1>Set your password</h1>
      <p className="muted">
        Welcome, {invitation.name}. Choose a password for <strong>{invitation.email}</strong>, your user of “{invitation.accountName}”.
      </p>
      <SetPasswordForm token={token} email={invitation.email} />
    </div>
  );
}
