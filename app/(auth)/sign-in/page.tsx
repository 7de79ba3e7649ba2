import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { SignInForm } from "@/components/auth/sign-in-form";
import { currentSession } from "@/lib/auth/current-session";

export const metadata: Metadata = { title: "Sign in" };

type Search = Promise<{ "password-set"?: string; email?: string }>;

export default async function SignInPage({ searchParams }: { searchParams: Search }) {
  if (await currentSession()) redirect("/customer-area");
  const { "password-set": passwordSet, email } = await searchParams;
  return (
    <div className="card">
      <h1>Sign in</h1>
      <SignInForm
        email={typeof email === "string" ? email : undefined}
        notice={passwordSet ? "Your password is set. Sign in with it now." : undefined}
      />
    </div>
  );
}
