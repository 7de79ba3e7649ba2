import type { TwoFactorError } from "@/lib/two-factor/two-factor-error";

function clockDriftMessage(driftSeconds = 0): string {
  const seconds = Math.abs(driftSeconds);
  const amount = seconds < 90 ? `${seconds} seconds` : `${seconds} seconds (${Math.round(seconds / 60)} minutes)`;
  const direction = driftSeconds > 0 ? "ahead" : "behind";
  return `That code is not valid right now: your device's clock looks ${direction} by about ${amount}. Set your phone to automatic date and time, then enter a new code.`;
}

function cooldownMessage(retryAt: Date | undefined): string {
  const seconds = Math.max(1, Math.ceil(((retryAt?.getTime() ?? Date.now()) - Date.now()) / 1000));
  return `A code was sent a moment ago. You can ask for a new one in ${seconds} seconds.`;
}

/** What the user reads for each 2FA failure. None of them says whether a password or a code was wrong elsewhere. */
export function twoFactorErrorMessage(error: TwoFactorError): string {
  switch (error.code) {
    case "GRANT_REQUIRED":
      return "For your security, confirm your password again.";
    case "SETUP_REQUIRED":
      return "This setup has expired. Close this window and turn the method on again.";
    case "INVALID_CODE":
      return "That code is not correct. Check it and try again.";
    case "CODE_EXPIRED":
      return "That code has expired. Ask for a new code.";
    case "CODE_USED_UP":
      return "Too many wrong tries for this code. Ask for a new code.";
    case "CLOCK_DRIFT":
      return clockDriftMessage(error.details.driftSeconds);
    case "RESEND_COOLDOWN":
      return cooldownMessage(error.details.retryAt);
    case "ALREADY_ENABLED":
      return "This method is already on.";
    case "NOT_ENABLED":
      return "This method is not on.";
    case "LAST_METHOD":
      return "You must have both methods active to turn one off. Turn on the other method first.";
    case "SIGN_IN_EXPIRED":
      return "Your sign-in has expired. Enter your email and password again.";
  }
}
