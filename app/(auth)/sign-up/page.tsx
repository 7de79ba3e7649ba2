import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { SignUpForm } from "./_components/sign-up-form";
import { StartSignUpForm } from "./_components/start-sign-up-form";
import { currentSession } from "@/lib/auth/current-session";
import { findUsableSignUpLink, SIGN_UP_LINK_HOURS } from "@/lib/auth/start-sign-up";
import { DEFAULT_RETURN_PATH } from "@/lib/auth/return-path";
import { offeredProviders } from "@/lib/identity-providers/providers";
import { ProviderButtons } from "@/components/auth/provider-buttons";

// From the mailed link the token is in the URL: no Referer may carry it to another site.
export const metadata: Metadata = { title: "Create an account", referrer: "no-referrer" };

export default async function SignUpPage({ searchParams }: { searchParams: Promise<{ token?: string }> }) {
  if (await currentSession()) redirect("/customer-area");
  const { token } = await searchParams;
  if (typeof token !== "string") {
    return (
      <div className="card">
        <h1>Create an account</h1>
        <p className="muted">
          You become the owner of the new account and can add your colleagues afterwards. First, we send a link to your
          email address to make sure it is yours.
        </p>
        <ProviderButtons providers={offeredProviders()} returnTo={DEFAULT_RETURN_PATH} />
        <StartSignUpForm hours={SIGN_UP_LINK_HOURS} />
      </div>
    );
  }
  const link = await findUsableSignUpLink(token);
  if (!link) {
    return (
      <div className="card stack">
        <h1>This link cannot be used</h1>
        <p>It has expired or was already used. Start again to get a new link, or sign in if you already have a user.</p>
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
        For <strong>{link.email}</strong>. You become the owner of the new account and can add your colleagues afterwards.
      </p>
      <SignUpForm token={token} email={link.email} />
    </div>
  );
}
