import type { Metadata } from "next";
import Link from "next/link";
import { requireSession } from "@/lib/auth/current-session";
import { hasTwoFactor as userHasTwoFactor } from "@/lib/two-factor/active-methods";
import { getRecoveryCodeNotice } from "@/lib/two-factor/recovery-code-notice";
import { recoveryCodesLeftText } from "@/lib/two-factor/recovery-code-format";

export const metadata: Metadata = { title: "Home" };

export default async function CustomerAreaHome() {
  const { user } = await requireSession();
  const hasTwoFactor = await userHasTwoFactor(user.id);
  const notice = await getRecoveryCodeNotice(user.id);
  return (
    <>
      <h1>Welcome, {user.name}</h1>
      {notice && (
        <section className={`alert ${notice.runningLow ? "alert-warning" : "alert-info"} notice`} aria-label="Recovery codes">
          <p>
            {notice.signedInWithRecoveryCode ? "You signed in with a recovery code; it cannot be used again. " : ""}
            {recoveryCodesLeftText(notice.codesLeft)}.
            {notice.runningLow ? " Generate new codes so that you can still sign in if you lose your phone, security key or mailbox." : ""}
          </p>
          <Link href="/customer-area/security#recovery-codes">Generate new codes</Link>
        </section>
      )}
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
        <Link href="/customer-area/security#two-factor">{hasTwoFactor ? "Manage two-factor authentication" : "Set up two-factor authentication"}</Link>
      </section>
    </>
  );
}
