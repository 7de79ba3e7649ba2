import "server-only";
import { appUrl } from "@/lib/app-origin";
import { claimAddressMail } from "@/lib/auth/claim-address-mail";
import { keyedHash, randomToken } from "@/lib/auth/tokens";
import { db } from "@/lib/db";
import { signUpExistingAddressMail, signUpLinkMail } from "@/lib/mail/messages/sign-up";
import { sendNotification } from "@/lib/mail/send-notification";
import type { RequestContext } from "@/lib/request-context";

export const SIGN_UP_LINK_HOURS = 24;
const SIGN_UP_LINK_LIFETIME_MS = SIGN_UP_LINK_HOURS * 60 * 60 * 1000;

export function signUpTokenHash(token: string): string {
  return keyedHash("sign-up-link", token);
}

export type StartSignUpOptions = { email: string; context: RequestContext; now?: Date };

/**
 * The first step of sign-up: the email address only. Like `Send reset link`,
 * the request takes its throttles and answers; what depends on the address
 * having a user runs in `deliver`, after the answer: a new address gets a link
 * to continue, an address with a user gets a mail offering sign-in and
 * `Forgot password?` and nothing is created. Same answer, same work, every time.
 *
 * Throws AuthError MAILS_LIMITED.
 */
export async function startSignUp({ email, context, now = new Date() }: StartSignUpOptions) {
  await claimAddressMail({ purpose: "sign-up", email, context, now });
  return { deliver: () => mailSignUpLink(email, now) };
}

async function mailSignUpLink(email: string, now: Date): Promise<void> {
  try {
    const existing = await db.user.findUnique({ where: { email }, select: { id: true } });
    if (existing) {
      await sendNotification(
        email,
        signUpExistingAddressMail({ signInUrl: appUrl("/sign-in"), forgotPasswordUrl: appUrl("/forgot-password") }),
      );
      return;
    }
    const token = randomToken();
    await db.signUpLink.create({
      data: { email, tokenHash: signUpTokenHash(token), createdAt: now, expiresAt: new Date(now.getTime() + SIGN_UP_LINK_LIFETIME_MS) },
    });
    await sendNotification(
      email,
      signUpLinkMail({ link: appUrl(`/sign-up?token=${encodeURIComponent(token)}`), hours: SIGN_UP_LINK_HOURS }),
    );
  } catch (error) {
    console.error(`A sign-up link could not be prepared: ${error instanceof Error ? error.name : "unexpected error"}`);
  }
}

/** The live sign-up link behind a token, or null. */
export async function findUsableSignUpLink(token: string, now = new Date()) {
  if (token.length === 0 || token.length > 200) return null;
  const link = await db.signUpLink.findUnique({ where: { tokenHash: signUpTokenHash(token) } });
  if (!link || link.usedAt || link.expiresAt <= now) return null;
  return link;
}
