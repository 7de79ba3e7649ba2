"use client";

import Link from "next/link";
import { FORGOT_PASSWORD_EMAIL_KEY } from "@/components/auth/forgot-password-email";

/** `Forgot password?`, carrying the address typed in this form over to /forgot-password (in session storage, not the URL). */
export function ForgotPasswordLink() {
  return (
    <Link
      href="/forgot-password"
      className="forgot-password-link"
      onClick={(event) => {
        const email = event.currentTarget.closest("form")?.elements.namedItem("email");
        if (email instanceof HTMLInputElement && email.value.trim()) {
          sessionStorage.setItem(FORGOT_PASSWORD_EMAIL_KEY, email.value.trim());
        }
      }}
    >
      Forgot password?
    </Link>
  );
}
