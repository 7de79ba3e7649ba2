import { AuthError, type AuthErrorCode } from "@/lib/auth/auth-error";
import { MailDeliveryError } from "@/lib/mail/send-mail";
import { TwoFactorError, type TwoFactorErrorCode } from "@/lib/two-factor/two-factor-error";

/**
 * What the user reads for each typed failure of lib/, in one place. None of
 * them says which of a password or a code was wrong elsewhere, or whether an
 * address has an account.
 */

type Details = { retryAt?: Date; driftSeconds?: number; triesLeft?: number };
type Message = string | ((details: Details, now: Date) => string);

function secondsUntil(retryAt: Date | undefined, now: Date): number {
  return Math.max(1, Math.ceil(((retryAt?.getTime() ?? now.getTime()) - now.getTime()) / 1000));
}

function waitMessage(retryAt: Date | undefined, now = new Date()): string {
  const seconds = secondsUntil(retryAt, now);
  const wait = seconds < 90 ? `${seconds} seconds` : `${Math.ceil(seconds / 60)} minutes`;
  return `Too many failed attempts. For your security, wait ${wait} and try again.`;
}

function clockDriftMessage({ driftSeconds = 0 }: Details): string {
  const seconds = Math.abs(driftSeconds);
  const amount = seconds < 90 ? `${seconds} seconds` : `${seconds} seconds (${Math.round(seconds / 60)} minutes)`;
  const direction = driftSeconds > 0 ? "ahead" : "behind";
  return `That code is not valid right now: your device's clock looks ${direction} by about ${amount}. Set your phone to automatic date and time, then enter a new code.`;
}

const MESSAGES: Record<AuthErrorCode | TwoFactorErrorCode, Message> = {
  INVALID_CREDENTIALS: "The email or password is incorrect.",
  WRONG_PASSWORD: "The password is incorrect.",
  THROTTLED: ({ retryAt }, now) => waitMessage(retryAt, now),
  CLIENT_THROTTLED: ({ retryAt }, now) => `Too many attempts from your network. Try again in ${secondsUntil(retryAt, now)} s.`,
  EMAIL_TAKEN: "An account with this email already exists. Sign in instead.",
  ALREADY_IN_ACCOUNT: "This email address is already a user of your account.",
  ADDRESS_HAS_USER:
    "Your email address already has a user in the customer area, and an address can belong to one account only. Sign in with it, or ask the owner to add another address.",
  LINK_INVALID: "This link is invalid or has expired. Ask the account owner for a new one.",
  NOT_ALLOWED: "You are not allowed to do this.",
  INVITATIONS_LIMITED: ({ retryAt }, now) =>
    `You have sent many invitations in the last hour. You can add more users in ${Math.ceil(secondsUntil(retryAt, now) / 60)} minutes.`,
  RECIPIENT_RECENTLY_MAILED:
    "A link was sent to this address recently. The person can use the link they have; try again in an hour if they did not get it.",
  SESSION_ENDED: "That session had already ended. The list shows the sessions that are still signed in.",
  TRUSTED_BROWSER_GONE: "That browser was no longer trusted. The list shows the browsers you still trust.",
  CONFIRMATION_MISMATCH: "That is not this user's email address. Type it exactly as the list shows it.",
  NOTHING_TO_RESET: "This user has no two-factor authentication to reset.",
  OWNER_WITHOUT_TWO_FACTOR:
    "Turn on two-factor authentication for your own user first, on the Security and access page: then you can require it of everyone.",
  REQUIREMENT_CHANGES_LIMITED: ({ retryAt }, now) =>
    `Every change mails all users, so it can change a few times an hour. Try again in ${Math.ceil(secondsUntil(retryAt, now) / 60)} minutes.`,
  MAILS_LIMITED: ({ retryAt }, now) =>
    `Links were asked for too often. For your security, wait ${Math.ceil(secondsUntil(retryAt, now) / 60)} minutes and try again.`,
  RESET_LINK_INVALID:
    "This reset link cannot be used: it expired, was already used, or your password changed since it was sent. Ask for a new one.",
  SIGN_UP_LINK_INVALID: "This link cannot be used: it expired or was already used. Start again to get a new one.",
  PROVIDER_SIGN_UP_ENDED: "This sign-up has ended: it was finished in another window or took longer than 30 minutes. Start again.",
  IDENTITY_TAKEN: "This identity was connected to another user meanwhile. Sign in with that user instead.",
  SECOND_FACTOR_REQUIRED:
    "Your user has two-factor authentication: enter a code from your authentication app or one of your recovery codes.",
  GRANT_REQUIRED: "For your security, confirm your password again.",
  SETUP_REQUIRED: "This setup has expired. Close this window and turn the method on again.",
  NO_LIVE_CODE: "That code can no longer be used. Ask for a new code with Resend code.",
  INVALID_CODE: "That code is not correct. Check it and try again.",
  CODE_EXPIRED: "That code has expired. Ask for a new code.",
  CODE_USED_UP: "Too many wrong tries for this code. Ask for a new code.",
  CLOCK_DRIFT: clockDriftMessage,
  RESEND_COOLDOWN: ({ retryAt }, now) =>
    `A code was sent a moment ago. You can ask for a new one in ${secondsUntil(retryAt, now)} seconds.`,
  ALREADY_ENABLED: "This method is already on.",
  NOT_ENABLED: "This method is not on.",
  LAST_METHOD: "You must have both methods active to turn one off. Turn on the other method first.",
  LAST_METHOD_KEEP_ANOTHER: "This is your only method, so it cannot be turned off. Turn on another method first.",
  CHALLENGE_EXPIRED: "That request to your security key has expired or was already answered. Try again.",
  INVALID_SECURITY_KEY: "That security key or passkey could not be verified. Try again, or use another method.",
  KEY_ALREADY_REGISTERED: "That security key or passkey is already registered. Use another one.",
  KEY_NOT_FOUND: "That security key is no longer registered. The list shows the keys you have.",
  NO_METHOD: "Recovery codes come with two-factor authentication. Turn on a method first.",
  INVALID_RECOVERY_CODE: "That recovery code is not correct, or it was used before. Each code works once.",
  SIGN_IN_EXPIRED: "Your sign-in has expired. Enter your email and password again.",
};

const MAIL_FAILED_MESSAGE =
  "We could not send the email right now, so nothing was changed. Try again in a moment.";

/** Said with a wrong code when the next one is the pending sign-in's last try. */
export const LAST_TRY_NOTICE = "1 try left before you sign in again.";

export function messageForCode(code: AuthErrorCode | TwoFactorErrorCode, details: Details = {}, now = new Date()) {
  const message = MESSAGES[code];
  const words = typeof message === "function" ? message(details, now) : message;
  return details.triesLeft === 1 ? `${words} ${LAST_TRY_NOTICE}` : words;
}

/** The words for a typed failure, or undefined for anything else (which the caller rethrows). */
export function messageForError(error: unknown, now = new Date()): string | undefined {
  if (error instanceof AuthError) return messageForCode(error.code, { retryAt: error.retryAt }, now);
  if (error instanceof TwoFactorError) return messageForCode(error.code, error.details, now);
  if (error instanceof MailDeliveryError) return MAIL_FAILED_MESSAGE;
  return undefined;
}
