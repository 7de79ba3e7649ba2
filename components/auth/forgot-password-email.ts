/** The session-storage key under which /sign-in hands the typed address to /forgot-password (kept out of the URL). */
export const FORGOT_PASSWORD_EMAIL_KEY = "forgot-password-email";
