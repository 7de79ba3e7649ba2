/**
 * Shared by the integration and e2e suites, so it imports nothing from lib/:
 * each suite passes its own TOTP (the app's otplib-based totpCodeForStep in
 * integration, the independent RFC 6238 implementation of tests/e2e/totp.ts in e2e).
 */

/**
 * How far either side of now the code is wrong: as far as the server looks for
 * a phone whose clock is off (TOTP_DRIFT_SEARCH_STEPS in lib/two-factor/totp.ts),
 * so the code is refused as "not correct", never explained as clock drift.
 */
export const WRONG_CODE_STEPS_EITHER_SIDE = 20;

/** A 6-digit code that is no step's code within WRONG_CODE_STEPS_EITHER_SIDE steps of `step`. */
export function codeWrongAround(codeForStep: (step: number) => string, step: number): string {
  const near = new Set(
    Array.from({ length: 2 * WRONG_CODE_STEPS_EITHER_SIDE + 1 }, (_, i) => codeForStep(step + i - WRONG_CODE_STEPS_EITHER_SIDE)),
  );
  for (let n = 0; ; n++) {
    const candidate = String(n).padStart(6, "0");
    if (!near.has(candidate)) return candidate;
  }
}
