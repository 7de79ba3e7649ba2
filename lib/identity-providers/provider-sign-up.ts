import "server-only";
import { cookies } from "next/headers";
import { AuthError } from "@/lib/auth/auth-error";
import { cookieOptions } from "@/lib/auth/cookie-options";
import { hashPassword } from "@/lib/auth/password";
import { createSession } from "@/lib/auth/sessions";
import { db, isUniqueViolation } from "@/lib/db";
import type { ProviderIdentity } from "@/lib/identity-providers/connected-identities";
import type { RequestContext } from "@/lib/request-context";
import { recordSecurityEvent } from "@/lib/security-events";
import { readSignedValue, signValue } from "@/lib/signed-value";

/**
 * Sign-up through an identity provider: a new identity with a verified
 * address that has no user (lib/identity-providers/provider-callback.ts)
 * comes to /sign-up/provider, held (signed) by this cookie, and the person
 * chooses the account's name, their name and a password there, as with the
 * mailed sign-up link: every user keeps a password, since the help article's
 * steps ask for it. Nothing is created before that form is sent.
 */

export type HeldProviderSignUp = Omit<ProviderIdentity, "emailVerified"> & { expiresAt: number };

const SIGN_UP_COOKIE = "provider_sign_up";
const SIGN_UP_SECONDS = 30 * 60;

function isHeldSignUp(value: unknown): value is HeldProviderSignUp {
  if (typeof value !== "object" || value === null) return false;
  const held = value as Record<string, unknown>;
  return ["provider", "issuer", "subject", "email", "name"].every((key) => typeof held[key] === "string") && typeof held.expiresAt === "number";
}

export async function holdProviderSignUp(identity: ProviderIdentity, now = Date.now()): Promise<void> {
  const { provider, issuer, subject, email, name } = identity;
  const held: HeldProviderSignUp = { provider, issuer, subject, email, name, expiresAt: now + SIGN_UP_SECONDS * 1000 };
  // Lax: the browser arrives at the end of a redirect chain that began on the provider's site.
  const options = cookieOptions({ maxAgeSeconds: SIGN_UP_SECONDS, sameSite: "lax" });
  (await cookies()).set(SIGN_UP_COOKIE, signValue("provider-sign-up", held), options);
}

/** The sign-up this browser came back with, while it lasts. */
export async function heldProviderSignUp(now = Date.now()): Promise<HeldProviderSignUp | null> {
  const held = readSignedValue("provider-sign-up", (await cookies()).get(SIGN_UP_COOKIE)?.value, isHeldSignUp);
  return held && held.expiresAt > now ? held : null;
}

export type ProviderSignUpInput = { accountName: string; name: string; password: string };

/**
 * Creates the account, its owner (with the provider's verified address), the
 * connected identity and a first session, in one transaction; returns the
 * session for the cookie.
 *
 * Throws AuthError PROVIDER_SIGN_UP_ENDED when the held sign-up has ended, EMAIL_TAKEN when the
 * address got a user meanwhile, IDENTITY_TAKEN when the identity was connected to someone meanwhile.
 */
export async function signUpWithProvider(input: ProviderSignUpInput, context: RequestContext) {
  const held = await heldProviderSignUp();
  if (!held) throw new AuthError("PROVIDER_SIGN_UP_ENDED");
  const passwordHash = await hashPassword(input.password);
  let signedUp: { userId: string; sessionToken: string };
  try {
    signedUp = await db.$transaction(async (tx) => {
      const account = await tx.account.create({ data: { name: input.accountName } });
      const owner = await tx.user.create({
        data: { accountId: account.id, name: input.name, email: held.email, role: "owner", passwordHash },
      });
      await tx.connectedIdentity.create({
        data: { userId: owner.id, provider: held.provider, issuer: held.issuer, subject: held.subject, email: held.email },
      });
      await recordSecurityEvent({ userId: owner.id, type: "identity_connected", provider: held.provider, context }, tx);
      return { userId: owner.id, sessionToken: await createSession(owner.id, context, tx) };
    });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    const emailTaken = await db.user.findUnique({ where: { email: held.email }, select: { id: true } });
    throw new AuthError(emailTaken ? "EMAIL_TAKEN" : "IDENTITY_TAKEN");
  }
  (await cookies()).set(SIGN_UP_COOKIE, "", cookieOptions({ maxAgeSeconds: 0, sameSite: "lax" }));
  return signedUp;
}
