import type { Metadata } from "next";
import { ForgotPasswordForm } from "./_components/forgot-password-form";
import { PASSWORD_RESET_LINK_MINUTES } from "@/lib/auth/password-reset-link";

export const metadata: Metadata = { title: "Forgot password" };

export default function ForgotPasswordPage() {
  return (
    <div className="card stack">
      <h1>Forgot your password?</h1>
      <p className="muted">
        Enter the email address you sign in with. We will send a link to choose a new password; it works once, for{" "}
        {PASSWORD_RESET_LINK_MINUTES} minutes. If you use two-factor authentication, keep your authentication app or a
        recovery code at hand: the link alone does not reset the password.
      </p>
      <ForgotPasswordForm minutes={PASSWORD_RESET_LINK_MINUTES} />
    </div>
  );
}
