import "server-only";
import { appUrl } from "@/lib/app-origin";
import { AuthError } from "@/lib/auth/auth-error";
import {
  PASSWORD_RESET_LINK_LIFETIME_MS,
  PASSWORD_RESET_LINK_MINUTES,
  passwordFingerprint,
  passwordResetTokenHash,
} from "@/lib/auth/password-reset-link";
import { keyedHash, randomToken } from "@/lib/auth/tokens";
import { db } from "@/lib/db";
import { passwordResetLinkMail } from "@/lib/mail/messages/password-reset-link";
import { sendNotification } from "@/lib/mail/send-notification";
import { claimUse, RateLimited, releaseUse, type ClaimedUse, type RateWindow } from "@/lib/rate-limit";
import type { RequestContext } from "@/lib/request-context";
import { recordSecurityEvent } from "@/lib/security-events";

const MINUTE_MS = 60 * 1000;
/** Per address typed (known or not, counted alike): a few tries for a mail that is slow to arrive. */
export const RESET_REQUESTS_PER_ADDRESS: RateWindow = { limit: 3, windowMs: 15 * MINUTE_MS };
/** Per client address: against one machine mailing many users (or probing many addresses). */
export const RESET_REQUESTS_PER_CLIENT: RateWindow = { limit: 10, windowMs: 60 * MINUTE_MS };

export type RequestPasswordResetOptions = { email: string; context: RequestContext; now?: Date };

/** One use of the per-client and the per-address limit, or AuthError RESET_LIMITED with when to try again. */
async function claimResetRequest({ email, context, now }: Required<RequestPasswordResetOptions>) {
  const limits: [string, RateWindow][] = [
    [`password-reset:ip:${context.ipAddress ?? "unknown"}`, RESET_REQUESTS_PER_CLIENT],
    // Keyed by the address typed, hashed, never by a user id: an unknown address is limited exactly like a user's.
    [`password-reset:email:${keyedHash("password-reset-address", email)}`, RESET_REQUESTS_PER_ADDRESS],
  ];
  const claims: [string, ClaimedUse][] = [];
  try {
    for (const [key, window] of limits) claims.push([key, await claimUse(key, window, now)]);
  } catch (error) {
    for (const [key, claim] of claims) await releaseUse(key, claim);
    if (error instanceof RateLimited) throw new AuthError("RESET_LIMITED", error.retryAt);
    throw error;
  }
}

/**
 * `Send reset link`. The request itself only takes its throttles, which are
 * the same for every address: it never looks the address up. What depends on
 * whether the address has a user (the link, its security event, the mail) is
 * in `deliver`, which the caller runs after the answer has gone out
 * (next/server `after`), so the answer and its timing are the same for a
 * user's address and for an address nobody has.
 *
 * Throws AuthError RESET_LIMITED.
 */
export async function requestPasswordReset({
  email,
  context,
  now = new Date(),
}: RequestPasswordResetOptions): Promise<{ deliver: () => Promise<void> }> {
  await claimResetRequest({ email, context, now });
  return { deliver: () => mailPasswordResetLink({ email, context, now }) };
}

/** For a user's address: a link bound to the user and their current password, and the mail. Nothing for other addresses. Never throws. */
async function mailPasswordResetLink({ email, context, now }: Required<RequestPasswordResetOptions>): Promise<void> {
  try {
    const user = await db.user.findUnique({
      where: { email },
      select: { id: true, name: true, email: true, passwordHash: true, twoFactorMethods: { select: { type: true }, take: 1 } },
    });
    if (!user) return;
    const token = randomToken();
    await db.$transaction(async (tx) => {
      await tx.passwordResetLink.create({
        data: {
          userId: user.id,
          tokenHash: passwordResetTokenHash(token),
          passwordFingerprint: passwordFingerprint(user.passwordHash),
          createdAt: now,
          expiresAt: new Date(now.getTime() + PASSWORD_RESET_LINK_LIFETIME_MS),
        },
      });
      await recordSecurityEvent({ userId: user.id, type: "password_reset_requested", context }, tx);
    });
    const link = appUrl(`/reset-password?token=${encodeURIComponent(token)}`);
    await sendNotification(
      user.email,
      passwordResetLinkMail({
        name: user.name,
        link,
        minutes: PASSWORD_RESET_LINK_MINUTES,
        hasTwoFactor: user.twoFactorMethods.length > 0,
        context,
      }),
    );
  } catch (error) {
    // Nobody is waiting for this any more; the address is never logged.
    console.error(`A password reset link could not be prepared: ${error instanceof Error ? error.name : "unexpected error"}`);
  }
}
