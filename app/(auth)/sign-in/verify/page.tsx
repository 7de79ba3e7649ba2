import type { Metadata } from "next";
import type { ReactNode } from "react";
import Link from "next/link";
import { redirect } from "next/navigation";
import { findPendingSignIn } from "@/lib/auth/pending-sign-in";
import { pendingSignInCookie } from "@/lib/auth/sign-in-cookies";
import { getVerifyPageData } from "@/lib/auth/verify-page-data";
import { FLASH_PARAM, takeFormFlash } from "@/lib/form-flash";
import { isCodeMethod, METHOD_WORDS, type TwoFactorMethodType } from "@/lib/two-factor/methods";
import { TOTP_ISSUER } from "@/lib/two-factor/totp";
import { CancelSignInButton } from "./_components/cancel-sign-in-button";
import { EmailCodeSender } from "./_components/email-code-sender";
import { RecoveryCodeForm } from "./_components/recovery-code-form";
import { SecurityKeySignIn } from "./_components/security-key-sign-in";
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
  // No code to type: the browser's own prompt answers.
  webauthn: () => <SecurityKeySignIn />,
};

type Search = Promise<{ method?: string; recovery?: string; [FLASH_PARAM]?: string }>;

export default async function VerifySignInPage({ searchParams }: { searchParams: Search }) {
  const pending = await findPendingSignIn(await pendingSignInCookie());
  if (!pending) redirect("/sign-in");
  const { method: asked, recovery, [FLASH_PARAM]: flash } = await searchParams;
  // A plain post of a code (JavaScript off) that failed comes back here with its failure and its method.
  const failed = await takeFormFlash(flash);
  const requested = asked ?? failed?.values?.method;
  // A user with no method left gets no recovery code prompt either: back to the password.
  const data = await getVerifyPageData(pending.userId, typeof requested === "string" ? requested : undefined);
  if (!data) redirect("/sign-in");
  const { method, otherMethods, maskedEmail } = data;
  const usingRecoveryCode = recovery === "1";
  const codeForm = isCodeMethod(method) ? <SignInCodeForm key={method} method={method} initialFailure={failed} /> : null;
  // With a recovery code on screen, every method is "another method".
  const offeredMethods = usingRecoveryCode ? [method, ...otherMethods] : otherMethods;

  return (
    <div className="card stack">
      <h1>Verify it&apos;s you</h1>
      {usingRecoveryCode ? (
        <>
          <p>
            Lost your phone or security key, or cannot get into your mailbox? Enter one of the recovery codes you saved when you turned
            on two-factor authentication. Each code works once.
          </p>
          <RecoveryCodeForm initialFailure={failed} />
        </>
      ) : (
        PROMPTS[method]({ codeForm, maskedEmail })
      )}
      <nav className="other-ways" aria-label="Other ways to verify">
        <p className="method-note">Can&apos;t use this method?</p>
        {offeredMethods.map((type) => (
          <Link key={type} href={`/sign-in/verify?method=${type}`}>
            Use another method: {METHOD_WORDS[type].label}
          </Link>
        ))}
        {!usingRecoveryCode && <Link href="/sign-in/verify?recovery=1">Use a recovery code</Link>}
      </nav>
      <CancelSignInButton />
    </div>
  );
}
