import "server-only";
import { AuthError } from "@/lib/auth/auth-error";
import { keyedHash } from "@/lib/auth/tokens";
import { config } from "@/lib/config";
import { claimUse, RateLimited, releaseUse, type ClaimedUse, type RateWindow } from "@/lib/rate-limit";
import type { RequestContext } from "@/lib/request-context";

const MINUTE_MS = 60 * 1000;
/**
 * Per recipient (known or not, counted alike), sign-up links and reset links
 * together, whatever clients ask: a few tries for a mail that is slow to
 * arrive, and no more mail to one inbox however many strangers type it.
 */
export const MAILS_PER_ADDRESS: RateWindow = { limit: 3, windowMs: 60 * MINUTE_MS };
/**
 * Per client address: against one machine mailing many people (or probing many
 * addresses). LINK_MAILS_PER_CLIENT_PER_HOUR (default 10) raises it where many
 * people share one address (an office behind one NAT, the e2e suite on loopback).
 */
export function mailsPerClient(): RateWindow {
  return { limit: config().linkMailsPerClientPerHour, windowMs: 60 * MINUTE_MS };
}

export type AddressMailClaim = {
  /** Which form's limits: `Send reset link` and sign-up count apart. */
  purpose: "password-reset" | "sign-up";
  email: string;
  context: RequestContext;
  now: Date;
};

/**
 * One use of the per-client and the per-address limit of a form that mails a
 * typed address, or AuthError MAILS_LIMITED with when to try again. The
 * address is keyed by its hash, never by a user id, so an address without a
 * user is limited exactly like a user's and the limit tells nothing.
 */
export async function claimAddressMail({ purpose, email, context, now }: AddressMailClaim): Promise<void> {
  const limits: [string, RateWindow][] = [
    [`${purpose}:ip:${context.ipAddress ?? "unknown"}`, mailsPerClient()],
    [`link-mails:email:${keyedHash("link-mail-address", email)}`, MAILS_PER_ADDRESS],
  ];
  const claims: [string, ClaimedUse][] = [];
  try {
    for (const [key, window] of limits) claims.push([key, await claimUse(key, window, now)]);
  } catch (error) {
    for (const [key, claim] of claims) await releaseUse(key, claim);
    if (error instanceof RateLimited) throw new AuthError("MAILS_LIMITED", error.retryAt);
    throw error;
  }
}
