import "server-only";
import { AuthError } from "@/lib/auth/auth-error";
import type { SecurityEventType, TwoFactorMethodType } from "@/lib/generated/prisma/client";
import type { RequestContext } from "@/lib/request-context";
import { recordFailure } from "@/lib/security-events";
import { TwoFactorError, type TwoFactorErrorCode } from "@/lib/two-factor/two-factor-error";

/** Refusals that are guesses: a wrong password or code, not an expired setup or a missing code. */
const GUESSES = new Set<string>([
  "INVALID_CREDENTIALS",
  "WRONG_PASSWORD",
  "INVALID_CODE",
  "CODE_USED_UP",
  "CLOCK_DRIFT",
  "INVALID_RECOVERY_CODE",
  "INVALID_SECURITY_KEY",
]);

export function isWrongGuess(error: unknown): boolean {
  return (error instanceof AuthError || error instanceof TwoFactorError) && GUESSES.has(error.code);
}

export function isTwoFactorError(error: unknown, ...codes: TwoFactorErrorCode[]): error is TwoFactorError {
  return error instanceof TwoFactorError && codes.includes(error.code);
}

type Audit = { userId: string; failure: SecurityEventType; method?: TwoFactorMethodType; context: RequestContext };

/** For withAttempt's onRefused: wrong guesses and blocked attempts go to the user's audit trail, folded per minute. */
export function auditRefusals({ userId, failure, method, context }: Audit) {
  return async (error: unknown): Promise<void> => {
    if (error instanceof AuthError && error.code === "THROTTLED") {
      await recordFailure({ userId, type: "attempts_blocked", method, context });
    } else if (isWrongGuess(error)) {
      await recordFailure({ userId, type: failure, method, context });
    }
  };
}
