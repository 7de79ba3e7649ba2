import type { Metadata } from "next";
import Link from "next/link";
import { SetPasswordForm } from "./_components/set-password-form";
import { findUsablePasswordSetupLink } from "@/lib/users/set-password-from-link";

export const metadata: Metadata = { title: "Set your password", referrer: "no-referrer" };

export default async function SetPasswordPage({ searchParams }: { searchParams: Promise<{ token?: string }> }) {
  const { token } = await searchParams;
  const link = typeof token === "string" && token.length <= 200 ? await findUsablePasswordSetupLink(token) : null;
  if (!link || !token) {
    return (
      <div className="card">
        <h1>This link cannot be used</h1>
        <p>It has expired or was already used. Ask the owner of your account to add you again, or sign in if you already set a password.</p>
        <Link href="/sign-in">Go to sign in</Link>
      </div>
    );
  }
  return (
    <div className="card">
      <h1>Set your password</h1>
      <p className="muted">
        Welcome, {link.user.name}. Choose a password for <strong>{link.user.email}</strong>.
      </p>
      <SetPasswordForm token={token} email={link.user.email} />
    </div>
  );
}
