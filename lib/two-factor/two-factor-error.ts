/** Typed failures of the 2FA operations; lib/error-messages.ts turns them into words. */
export type TwoFactorErrorCode =
  | "GRANT_REQUIRED" // no fresh password confirmation for this step
  | "SETUP_REQUIRED" // verify without a started (and unexpired) setup
  | "NO_LIVE_CODE" // no emailed code to check: never sent, already used, or voided
  | "INVALID_CODE"
  | "CODE_EXPIRED"
  | "CODE_USED_UP" // too many wrong tries on one emailed code
  | "CLOCK_DRIFT" // right code for another time: the phone's clock is off
  | "RESEND_COOLDOWN"
  | "ALREADY_ENABLED"
  | "NOT_ENABLED"
  | "LAST_METHOD" // deactivating would leave the user without 2FA (the article's words: only its two methods exist for this user)
  | "LAST_METHOD_KEEP_ANOTHER" // the same, for a user with a security key: "another method" instead of "both"
  | "CHALLENGE_EXPIRED" // no live WebAuthn challenge for this step: never asked, already answered, or older than 5 minutes
  | "INVALID_SECURITY_KEY" // the browser's WebAuthn answer did not verify (origin, RP id, signature, counter, key)
  | "KEY_ALREADY_REGISTERED" // that credential id is already registered (to this or another user)
  | "KEY_NOT_FOUND" // not one of the signed-in user's keys
  | "NO_METHOD" // recovery codes asked for by a user without 2FA
  | "INVALID_RECOVERY_CODE" // not one of the user's unused recovery codes
  | "SIGN_IN_EXPIRED"; // the pending sign-in is gone, back to the password

export class TwoFactorError extends Error {
  override name = "TwoFactorError";
  constructor(
    readonly code: TwoFactorErrorCode,
    readonly details: { retryAt?: Date; driftSeconds?: number; triesLeft?: number } = {},
  ) {
    super(code);
  }
}
