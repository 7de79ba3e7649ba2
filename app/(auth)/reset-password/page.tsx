import type { Metadata } from "next";
import Link from "next/link";
import { ResetPasswordForm } from "./_components/reset-password-form";
import { PASSWORD_RESET_LINK_MINUTES, PASSWORD_RESET_TOKEN_MAX_LENGTH } from "@/lib/auth/password-reset-link";
import { getResetPasswordPageData, type ResetSecondFactorPrompt } from "@/lib/auth/reset-password-page-data";
import { METHOD_WORDS } from "@/lib/two-factor/methods";
import { TOTP_ISSUER } from "@/lib/two-factor/totp";

// The token is in the URL: no Referer may carry it to another site.
export const metadata: Metadata = { title: "Choose a new password", referrer: "no-referrer" };

type Search = Promise<{ token?: string; method?: string }>;

function wayLabel(way: ResetSecondFactorPrompt): string {
  return way === "recovery" ? "Use a recovery code" : `Use another method: ${METHOD_WORDS[way].label}`;
}

function wayHref(token: string, way: ResetSecondFactorPrompt): string {
  return `/reset-password?token=${encodeURIComponent(token)}&method=${way}`;
}

/** How each way asks for its code. */
function prompt(asked: ResetSecondFactorPrompt): string {
  if (asked === "recovery") {
    return "Enter one of the recovery codes you saved when you turned on two-factor authentication. Each code works once.";
  }
  if (asked === "totp") return `Open your authentication app and enter the 6-digit code it shows for ${TOTP_ISSUER}.`;
  return `Enter the code of ${METHOD_WORDS[asked].inSentence}.`;
}

function LinkCannotBeUsed() {
  return (
    <div className="card stack">
      <h1>This link cannot be used</h1>
      <p>
        A reset link works once, for {PASSWORD_RESET_LINK_MINUTES} minutes, and stops working when the password changes
        or another reset link is used. This one has expired, was used already, or is not a link we sent.
      </p>
      <div className="button-row">
        <Link className="button button-primary" href="/forgot-password">
          Send a new link
        </Link>
        <Link href="/sign-in">Go to sign in</Link>
      </div>
    </div>
  );
}

export default async function ResetPasswordPage({ searchParams }: { searchParams: Search }) {
  const { token, method } = await searchParams;
  const usableToken = typeof token === "string" && token.length <= PASSWORD_RESET_TOKEN_MAX_LENGTH ? token : null;
  const data = usableToken ? await getResetPasswordPageData(usableToken, typeof method === "string" ? method : undefined) : null;
  if (!usableToken || !data) return <LinkCannotBeUsed />;
  const { email, secondFactor } = data;
  const stuck = secondFactor?.asked === "recovery" && secondFactor.recoveryCodesLeft === 0;

  return (
    <div className="card stack">
      <h1>Choose a new password</h1>
      <p className="muted">
        For <strong>{email}</strong>. Every session of this user is signed out once the new password is saved.
      </p>
      {secondFactor && (
        <>
          <p>
            Your user has two-factor authentication, so the link alone does not reset the password.{" "}
            {stuck ? "" : prompt(secondFactor.asked)}
          </p>
          {secondFactor.notAccepted.includes("email") && (
            <p className="method-note">
              A code by email cannot be used here: it would arrive in the same mailbox as this link.
            </p>
          )}
          {secondFactor.notAccepted.includes("webauthn") && (
            <p className="method-note">
              A security key or passkey cannot be used here: this page asks for a code from your authentication app
              or one of your recovery codes.
            </p>
          )}
        </>
      )}
      {stuck ? (
        <p className="alert alert-error" role="alert">
          Your user has no authentication app and no recovery code left, so the password cannot be reset from this
          link. Ask the owner of your account to reset your two-factor authentication, then ask for a new link.
        </p>
      ) : (
        <ResetPasswordForm
          key={secondFactor?.asked ?? "none"}
          token={usableToken}
          email={email}
          secondFactor={secondFactor?.asked ?? "none"}
        />
      )}
      {secondFactor && secondFactor.otherWays.length > 0 && (
        <nav className="other-ways" aria-label="Other ways to verify">
          <p className="method-note">Can&apos;t use this method?</p>
          {secondFactor.otherWays.map((way) => (
            <Link key={way} href={wayHref(usableToken, way)} replace>
              {wayLabel(way)}
            </Link>
          ))}
        </nav>
      )}
    </div>
  );
}
