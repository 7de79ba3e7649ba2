/** Typed failures thrown by lib/ functions; actions turn the code into a message. */
export type AuthErrorCode =
  | "INVALID_CREDENTIALS"
  | "WRONG_PASSWORD"
  | "THROTTLED"
  | "EMAIL_TAKEN"
  | "LINK_INVALID"
  | "NOT_ALLOWED";

export class AuthError extends Error {
  override name = "AuthError";
  constructor(
    readonly code: AuthErrorCode,
    /** For THROTTLED: when the user may try again. */
    readonly retryAt?: Date,
  ) {
    super(code);
  }
}

export function waitMessage(retryAt: Date | undefined, now = new Date()): string {
  const seconds = Math.max(1, Math.ceil(((retryAt?.getTime() ?? now.getTime()) - now.getTime()) / 1000));
  const wait = seconds < 90 ? `${seconds} seconds` : `${Math.ceil(seconds / 60)} minutes`;
  return `Too many failed attempts. For your security, wait ${wait} and try again.`;
}
