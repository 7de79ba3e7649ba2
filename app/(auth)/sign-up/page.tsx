import type { Metadata } from "next";
import { SignUpForm } from "@/components/auth/sign-up-form";

export const metadata: Metadata = { title: "Create an account" };

export default function SignUpPage() {
  return (
    <div className="card">
      <h1>Create an account</h1>
      <p className="muted">You become the owner of the new account and can add your colleagues afterwards.</p>
      <SignUpForm />
    </div>
  );
}
