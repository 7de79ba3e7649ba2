import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { SignInForm } from "./_components/sign-in-form";
import { currentSession } from "@/lib/auth/current-session";

export const metadata: Metadata = { title: "Sign in" };

type Search = Promise<{ "password-set"?: string; ended?: string; "session-ended"?: string; email?: string }>;

function noticeFor(passwordSet?: string, ended?: string, sessionEnded?: string): string | undefined {
  if (passwordSet) return "Your password is set. Sign in with it now.";
  if (sessionEnded) return "Your session has ended. Sign in again to continue.";
  if (ended) return "Your sign-in ended: it expired or had too many wrong codes. Enter your email and password again.";
  return undefined;
}

export default async function SignInPage({ searchParams }: { searchParams: Search }) {
  if (await currentSession()) redirect("/customer-area");
  const { "password-set": passwordSet, ended, "session-ended": sessionEnded, email } = await searchParams;
  return (
    <div className="card">
      <h1>Sign in</h1>
      <SignInForm
        email={typeof email === "string" ? email : undefined}
        notice={noticeFor(passwordSet, ended, sessionEnded)}
      />
    </div>
  );
}
