import "server-only";
import { confirmPassword } from "@/lib/auth/confirm-password";
import { endTrustedBrowsers } from "@/lib/auth/trusted-browsers";
import { db } from "@/lib/db";
import type { TwoFactorMethodType } from "@/lib/generated/prisma/client";
import type { RequestContext } from "@/lib/request-context";
import { recordSecurityEvent } from "@/lib/security-events";
import { lockUserMethods } from "@/lib/two-factor/active-methods";
import { onlyArticleMethods } from "@/lib/two-factor/methods";
import { notifyMethodChange } from "@/lib/two-factor/notify-method-change";
import { removeMethod } from "@/lib/two-factor/remove-method";
import { TwoFactorError } from "@/lib/two-factor/two-factor-error";

export type MethodChangeOptions = {
  userId: string;
  /** The signed-in session asking: a wrong password counts against it. */
  sessionId: string;
  method: TwoFactorMethodType;
  password: string;
  context: RequestContext;
  now?: Date;
};

/**
 * The rule is "another method stays active"; while the user has only the
 * article's methods that is its "you must have both methods active", in its words.
 */
export function lastMethodError(active: readonly TwoFactorMethodType[]): TwoFactorError {
  return new TwoFactorError(onlyArticleMethods(active) ? "LAST_METHOD" : "LAST_METHOD_KEEP_ANOTHER");
}

/**
 * Step 7 of the article: turning a method off needs the password, and is
 * allowed only while another method stays active (with the article's two
 * methods: only while both are), so a user who has 2FA always keeps one. Turning off the primary method makes the other one primary.
 * Every trusted browser ends too: one trusted while that method was the way
 * in must not keep skipping the second factor.
 *
 * Throws AuthError WRONG_PASSWORD / THROTTLED, TwoFactorError NOT_ENABLED, LAST_METHOD or LAST_METHOD_KEEP_ANOTHER.
 */
export async function deactivateMethod({
  userId,
  sessionId,
  method,
  password,
  context,
  now = new Date(),
}: MethodChangeOptions): Promise<{ notificationSent: boolean }> {
  await confirmPassword({ userId, sessionId, password, context });
  const { user, trustedBrowsersRemoved } = await db.$transaction(async (tx) => {
    const { types } = await lockUserMethods(tx, userId);
    if (!types.includes(method)) throw new TwoFactorError("NOT_ENABLED");
    if (!types.some((type) => type !== method)) throw lastMethodError(types);
    const updated = await removeMethod(tx, { userId, method, now });
    await recordSecurityEvent({ userId, type: "two_factor_disabled", method, context }, tx);
    return { user: updated, trustedBrowsersRemoved: await endTrustedBrowsers(tx, userId, context, now) };
  });
  const change = { kind: "disabled", method, trustedBrowsersRemoved } as const;
  return { notificationSent: await notifyMethodChange(user, change, { context, now }) };
}
