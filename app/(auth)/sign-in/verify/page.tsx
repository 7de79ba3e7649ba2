import type { Metadata } from "next";
import { cookies } from "next/headers";
import Link from "next/link";
import { redirect } from "next/navigation";
import { CancelSignInButton, SignInCodeForm } from "@/components/auth/sign-in-code-form";
import { EmailCodeSender } from "@/components/auth/email-code-sender";
import { METHOD_LABELS } from "@/components/two-factor/methods";
import { findPendingSignIn, PENDING_SIGN_IN_COOKIE } from "@/lib/auth/pending-sign-in";
import { db } from "@/lib/db";
import type { TwoFactorMethodType } from "@/lib/generated/prisma/client";
import { TOTP_ISSUER } from "@/lib/two-factor/totp";

export const metadata: Metadata = { title: "Verify your sign-in" };

function maskEmail(email: string): string {
  const [local = "", domain = ""] = email.split("@");
  return `${local.slice(0, 2)}•••@${domain}`;
}

export default async function VerifySignInPage({ searchParams }: { searchParams: Promise<{ method?: string }> }) {
  const pending = await findPendingSignIn((await cookies()).get(PENDING_SIGN_IN_COOKIE)?.value);
  if (!pending) redirect("/sign-in");
  const user = await db.user.findUniqueOrThrow({
    where: { id: pending.userId },
    select: { email: true, primaryTwoFactorType: true, twoFactorMethods: { select: { type: true } } },
  });
  const active = user.twoFactorMethods.map((method) => method.type);
  const requested = (await searchParams).method;
  const primary = user.primaryTwoFactorType && active.includes(user.primaryTwoFactorType) ? user.primaryTwoFactorType : active[0];
  const method: TwoFactorMethodType | undefined = active.find((type) => type === requested) ?? primary;
  if (!method) redirect("/sign-in");
  const otherMethods = active.filter((type) => type !== method);

  return (
    <div className="card stack">
      <h1>Verify it&apos;s you</h1>
      {method === "totp" ? (
        <>
          <p>Open your authentication app and enter the 6-digit code it shows for {TOTP_ISSUER}.</p>
          <SignInCodeForm key={method} method={method} />
        </>
      ) : (
        <EmailCodeSender maskedEmail={maskEmail(user.email)}>
          <SignInCodeForm key={method} method={method} />
        </EmailCodeSender>
      )}
      {otherMethods.length > 0 && (
        <nav aria-label="Other ways to verify">
          <p className="method-note">Can&apos;t use this method?</p>
          {otherMethods.map((type) => (
            <Link key={type} href={`/sign-in/verify?method=${type}`}>
              Use another method: {METHOD_LABELS[type]}
            </Link>
          ))}
        </nav>
      )}
      <CancelSignInButton />
    </div>
  );
}
