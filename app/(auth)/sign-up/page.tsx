import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { SignUpForm } from "./_components/sign-up-form";
import { currentSession } from "@/lib/auth/current-session";

export const metadata: Metadata = { title: "Create an account" };

export default async function SignUpPage() {
  if (await currentSession()) redirect("/customer-area");
  return (
    <div className="card">
      <h1>Create an account</h1>
      <p className="muted">You become the owner of the new account and can add your colleagues afterwards.</p>
      <SignUpForm />
    </div>
  );
}
