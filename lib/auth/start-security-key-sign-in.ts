import "server-only";
import { generateAuthenticationOptions, type PublicKeyCredentialRequestOptionsJSON } from "@simplewebauthn/server";
import { db } from "@/lib/db";
import { TwoFactorError } from "@/lib/two-factor/two-factor-error";
import { storeChallenge } from "@/lib/two-factor/webauthn-challenge";
import { relyingParty, WEBAUTHN_CHALLENGE_LIFETIME_MS } from "@/lib/two-factor/webauthn-relying-party";

/**
 * "Use security key or passkey" on /sign-in/verify: what the browser's prompt
 * needs, offering only this user's keys. The challenge is stored bound to this
 * pending sign-in, for 5 minutes, replacing an earlier one of it.
 *
 * Throws TwoFactorError NOT_ENABLED (the user has no key).
 */
export async function startSecurityKeySignIn(
  { pendingSignInId, userId }: { pendingSignInId: string; userId: string },
  now = new Date(),
): Promise<PublicKeyCredentialRequestOptionsJSON> {
  const keys = await db.webAuthnCredential.findMany({ where: { userId }, select: { credentialId: true, transports: true } });
  if (keys.length === 0) throw new TwoFactorError("NOT_ENABLED");
  const options = await generateAuthenticationOptions({
    rpID: relyingParty().id,
    allowCredentials: keys.map((key) => ({ id: key.credentialId, transports: key.transports as never })),
    userVerification: "preferred",
    timeout: WEBAUTHN_CHALLENGE_LIFETIME_MS,
  });
  const expiresAt = new Date(now.getTime() + WEBAUTHN_CHALLENGE_LIFETIME_MS);
  await db.$transaction((tx) =>
    storeChallenge(tx, { userId, purpose: "sign_in", pendingSignInId }, { challenge: options.challenge, now, expiresAt }),
  );
  return options;
}
