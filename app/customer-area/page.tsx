import type { Metadata } from "next";
import Link from "next/link";
import { requireSession } from "@/lib/auth/current-session";
import { hasTwoFactor as userHasTwoFactor } from "@/lib/two-factor/active-methods";
import { RECOVERY_CODES_LOW, recoveryCodesLeftText } from "@/lib/two-factor/recovery-code-format";
import { countRecoveryCodesLeft } from "@/lib/two-factor/recovery-codes";

export const metadata: Metadata = { title: "Customer area" };

type Search = Promise<{ "signed-in-with"?: string }>;

export default async function CustomerAreaHome({ searchParams }: { searchParams: Search }) {
  const { user } = await requireSession();
  const hasTwoFactor = await userHasTwoFactor(user.id);
  const recoveryCodesLeft = hasTwoFactor ? await countRecoveryCodesLeft(user.id) : 0;
  // Only chooses the words: the count itself always comes from the database.
  const signedInWithRecoveryCode = (await searchParams)["signed-in-with"] === "recovery-code";
  const runningLow = hasTwoFactor && recoveryCodesLeft <= RECOVERY_CODES_LOW;
  return (
    <>
      <h1>Welcome, {user.name}</h1>
      {hasTwoFactor && (signedInWithRecoveryCode || runningLow) && (
        <section className={`alert ${runningLow ? "alert-warning" : "alert-info"} notice`} aria-label="Recovery codes">
          <p>
            {signedInWithRecoveryCode ? "You signed in with a recovery code; it cannot be used again. " : ""}
            {recoveryCodesLeftText(recoveryCodesLeft)}.
            {runningLow ? " Generate new codes so that you can still sign in if you lose your phone or mailbox." : ""}
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
        <Link href="/customer-area/security">{hasTwoFactor ? "Manage two-factor authentication" : "Set up two-factor authentication"}</Link>
      </section>
    </>
  );
}
