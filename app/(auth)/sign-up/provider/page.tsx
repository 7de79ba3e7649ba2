import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { SignUpForm } from "../_components/sign-up-form";
import { currentSession } from "@/lib/auth/current-session";
import { heldProviderSignUp } from "@/lib/identity-providers/provider-sign-up";
import { providerName } from "@/lib/identity-providers/providers";

export const metadata: Metadata = { title: "Create an account" };

/**
 * Sign-up after an identity provider vouched for a new address
 * (lib/identity-providers/provider-sign-up.ts): the person chooses the
 * account's name, their name and a password; nothing exists before they do.
 */
export default async function ProviderSignUpPage() {
  if (await currentSession()) redirect("/customer-area");
  const held = await heldProviderSignUp();
  if (!held) {
    return (
      <div className="card stack">
        <h1>This sign-up has ended</h1>
        <p>It was finished in another window or took longer than 30 minutes. Start again, or sign in if you already have a user.</p>
        <div className="button-row">
          <Link className="button button-primary" href="/sign-up">
            Start again
          </Link>
          <Link href="/sign-in">Go to sign in</Link>
        </div>
      </div>
    );
  }
  return (
    <div className="card">
      <h1>Create an account</h1>
      <p className="muted">
        For <strong>{held.email}</strong>, confirmed by {providerName(held.provider)}. You become the owner of the new account
        and can add your colleagues afterwards. Choose a password too: you sign in with {providerName(held.provider)} or
        with it, and it confirms changes to your security settings.
      </p>
      <SignUpForm email={held.email} name={held.name || undefined} />
    </div>
  );
}
