import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { SignInForm } from "./_components/sign-in-form";
import { currentSession } from "@/lib/auth/current-session";
import { safeReturnPath } from "@/lib/auth/return-path";
import { FLASH_PARAM, takeFormFlash } from "@/lib/form-flash";
import { offeredProviders, providerName } from "@/lib/identity-providers/providers";
import { providerFailureMessage } from "@/lib/identity-providers/provider-failures";
import { ProviderButtons } from "@/components/auth/provider-buttons";

export const metadata: Metadata = { title: "Sign in" };

type Search = Promise<{
  "password-set"?: string;
  ended?: string;
  "session-ended"?: string;
  "signed-out"?: string;
  email?: string;
  next?: string | string[];
  /** A provider's sign-in that ended without a session (lib/identity-providers/provider-failures.ts), and which provider. */
  error?: string;
  provider?: string;
  [FLASH_PARAM]?: string;
}>;

function noticeFor(passwordSet?: string, ended?: string, sessionEnded?: string, signedOut?: string): string | undefined {
  if (signedOut) return "You are signed out.";
  if (passwordSet) return "Your password is set. Sign in with it now.";
  if (sessionEnded) return "Your session has ended. Sign in again to continue.";
  if (ended) return "Your sign-in ended: it expired or had too many wrong codes. Enter your email and password again.";
  return undefined;
}

export default async function SignInPage({ searchParams }: { searchParams: Search }) {
  const {
    "password-set": passwordSet,
    ended,
    "session-ended": sessionEnded,
    "signed-out": signedOut,
    email,
    next,
    error,
    provider,
    [FLASH_PARAM]: flash,
  } = await searchParams;
  // A plain post of the form (JavaScript off) that failed comes back here with its failure.
  const failed = await takeFormFlash(flash);
  const returnTo = safeReturnPath(failed?.values?.next ?? next);
  if (await currentSession()) redirect(returnTo);
  return (
    <div className="card">
      <h1>Sign in</h1>
      {typeof error === "string" && (
        <p className="alert alert-error" role="alert">
          {providerFailureMessage(error, typeof provider === "string" ? providerName(provider) : undefined)}
        </p>
      )}
      <ProviderButtons providers={offeredProviders()} returnTo={returnTo} />
      <SignInForm
        email={typeof email === "string" ? email : undefined}
        notice={noticeFor(passwordSet, ended, sessionEnded, signedOut)}
        returnTo={returnTo}
        initialFailure={failed}
      />
    </div>
  );
}
