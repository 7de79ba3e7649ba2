import type { Metadata } from "next";
import type { ReactNode } from "react";
import Link from "next/link";
import { redirect } from "next/navigation";
import { findPendingSignIn } from "@/lib/auth/pending-sign-in";
import { pendingSignInCookie } from "@/lib/auth/sign-in-cookies";
import { getVerifyPageData } from "@/lib/auth/verify-page-data";
import { METHOD_WORDS, type TwoFactorMethodType } from "@/lib/two-factor/methods";
import { TOTP_ISSUER } from "@/lib/two-factor/totp";
import { CancelSignInButton } from "./_components/cancel-sign-in-button";
import { EmailCodeSender } from "./_components/email-code-sender";
import { SignInCodeForm } from "./_components/sign-in-code-form";

export const metadata: Metadata = { title: "Verify your sign-in" };

type PromptProps = { codeForm: ReactNode; maskedEmail: string };

/** How each method asks for its code; a new method is a type error here until it has one. */
const PROMPTS: Record<TwoFactorMethodType, (props: PromptProps) => ReactNode> = {
  totp: ({ codeForm }) => (
    <>
      <p>Open your authentication app and enter the 6-digit code it shows for {TOTP_ISSUER}.</p>
      {codeForm}
    </>
  ),
  email: ({ codeForm, maskedEmail }) => <EmailCodeSender maskedEmail={maskedEmail}>{codeForm}</EmailCodeSender>,
};

export default async function VerifySignInPage({ searchParams }: { searchParams: Promise<{ method?: string }> }) {
  const pending = await findPendingSignIn(await pendingSignInCookie());
  if (!pending) redirect("/sign-in");
  const requested = (await searchParams).method;
  const data = await getVerifyPageData(pending.userId, typeof requested === "string" ? requested : undefined);
  if (!data) redirect("/sign-in");
  const { method, otherMethods, maskedEmail } = data;
  const codeForm = <SignInCodeForm key={method} method={method} />;

  return (
    <div className="card stack">
      <h1>Verify it&apos;s you</h1>
      {PROMPTS[method]({ codeForm, maskedEmail })}
      {otherMethods.length > 0 && (
        <nav aria-label="Other ways to verify">
          <p className="method-note">Can&apos;t use this method?</p>
          {otherMethods.map((type) => (
            <Link key={type} href={`/sign-in/verify?method=${type}`}>
              Use another method: {METHOD_WORDS[type].label}
            </Link>
          ))}
        </nav>
      )}
      <CancelSignInButton />
    </div>
  );
}
