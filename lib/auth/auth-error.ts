/** Typed failures thrown by lib/ functions; lib/error-messages.ts turns them into words. */
export type AuthErrorCode =
  | "INVALID_CREDENTIALS"
  | "WRONG_PASSWORD"
  | "THROTTLED"
  | "CLIENT_THROTTLED" // one client address asked for more password checks in a minute than any person could
  | "EMAIL_TAKEN"
  | "ALREADY_IN_ACCOUNT" // `Add user` with the address of a user of the owner's own account
  | "ADDRESS_HAS_USER" // an invitation link of an address that became a user meanwhile
  | "LINK_INVALID"
  | "NOT_ALLOWED"
  | "INVITATIONS_LIMITED"
  | "RECIPIENT_RECENTLY_MAILED" // the address got the most invitation mails an hour allows, from any account
  | "SESSION_ENDED"
  | "TRUSTED_BROWSER_GONE"
  | "CONFIRMATION_MISMATCH" // the typed confirmation is not what the dialog asked for
  | "NOTHING_TO_RESET" // a user without two-factor authentication
  | "OWNER_WITHOUT_TWO_FACTOR" // requiring 2FA of others needs the owner's own
  | "REQUIREMENT_CHANGES_LIMITED" // the account's requirement changed too often this hour
  | "MAILS_LIMITED"
  | "RESET_LINK_INVALID"
  | "SIGN_UP_LINK_INVALID"
  | "SECOND_FACTOR_REQUIRED"
  | "PROVIDER_SIGN_UP_ENDED" // the sign-up an identity provider started is over (30 minutes, or another tab finished it)
  | "IDENTITY_TAKEN"; // the identity was connected to another user meanwhile

export class AuthError extends Error {
  override name = "AuthError";
  constructor(
    readonly code: AuthErrorCode,
    /** For THROTTLED, CLIENT_THROTTLED, INVITATIONS_LIMITED, REQUIREMENT_CHANGES_LIMITED and MAILS_LIMITED: when the user may try again. */
    readonly retryAt?: Date,
  ) {
    super(code);
  }
}
