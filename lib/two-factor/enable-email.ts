import "server-only";
import { auditRefusals } from "@/lib/auth/audit-refusals";
import { sessionCounter, withAttempt } from "@/lib/auth/attempt-limiter";
import { activateMethod } from "@/lib/two-factor/activate-method";
import { isMethodActive } from "@/lib/two-factor/active-methods";
import type { EnableMethodOptions, MethodEnabled } from "@/lib/two-factor/enable-totp";
import { notifyMethodChange } from "@/lib/two-factor/notify-method-change";
import { TwoFactorError } from "@/lib/two-factor/two-factor-error";
import { verifyEmailCode } from "@/lib/two-factor/verify-email-code";

/**
 * `Verify code` on the email setup: the enrolment code turns the method on. The
 * code is used up and the method activated in one transaction; the notice mail
 * goes out after the commit, and its failure does not undo anything.
 *
 * Throws AuthError THROTTLED (this session's limit, shared with its password confirmations),
 * TwoFactorError ALREADY_ENABLED, or verifyEmailCode's INVALID_CODE,
 * CODE_USED_UP, CODE_EXPIRED, NO_LIVE_CODE.
 */
export async function enableEmailMethod({
  userId,
  sessionId,
  code,
  context,
  now = new Date(),
}: EnableMethodOptions): Promise<MethodEnabled> {
  if (await isMethodActive(userId, "email")) throw new TwoFactorError("ALREADY_ENABLED");

  const activated = await withAttempt(
    sessionCounter(sessionId),
    () =>
      verifyEmailCode({
        userId,
        purpose: "enrolment",
        code,
        now,
        onVerified: (tx) => activateMethod(tx, { userId, type: "email", context, now }),
      }),
    { onSuccess: "clear", now, onRefused: auditRefusals({ userId, failure: "code_failed", method: "email", context }) },
  );

  const notificationSent = await notifyMethodChange(activated.user, { kind: "enabled", method: "email" }, { context, now });
  return { becamePrimary: activated.becamePrimary, notificationSent, recoveryCodes: activated.recoveryCodes };
}
