import "server-only";
import { generateRegistrationOptions, type PublicKeyCredentialCreationOptionsJSON } from "@simplewebauthn/server";
import { db } from "@/lib/db";
import { consumePasswordGrant } from "@/lib/two-factor/password-grant";
import { storeChallenge } from "@/lib/two-factor/webauthn-challenge";
import { relyingParty, WEBAUTHN_CHALLENGE_LIFETIME_MS } from "@/lib/two-factor/webauthn-relying-party";

export type StartSecurityKeySetupOptions = {
  userId: string;
  sessionId: string;
  user: { email: string; name: string };
  now?: Date;
};

/**
 * After `Confirm password`: what the browser's own prompt needs to create a
 * key. The password grant is used up here and the challenge stored in its
 * place, bound to the user and this session, for 5 minutes; a second call
 * replaces it, so only the newest prompt can finish. Unlike the other methods
 * this also runs while the method is on: a user may add several keys.
 * Attestation `none` (no vendor certificate is asked), user verification
 * preferred, resident keys (passkeys) allowed; the user's keys are excluded,
 * so one key is not registered twice.
 *
 * Throws TwoFactorError GRANT_REQUIRED.
 */
export async function startSecurityKeySetup({
  userId,
  sessionId,
  user,
  now = new Date(),
}: StartSecurityKeySetupOptions): Promise<PublicKeyCredentialCreationOptionsJSON> {
  const rp = relyingParty();
  const keys = await db.webAuthnCredential.findMany({ where: { userId }, select: { credentialId: true, transports: true } });
  const options = await generateRegistrationOptions({
    rpName: rp.name,
    rpID: rp.id,
    userName: user.email,
    userDisplayName: user.name,
    userID: new TextEncoder().encode(userId),
    attestationType: "none",
    authenticatorSelection: { residentKey: "preferred", userVerification: "preferred" },
    excludeCredentials: keys.map((key) => ({ id: key.credentialId, transports: key.transports })),
    timeout: WEBAUTHN_CHALLENGE_LIFETIME_MS,
  });
  await db.$transaction(async (tx) => {
    await consumePasswordGrant({ userId, sessionId, method: "webauthn", now }, tx);
    const expiresAt = new Date(now.getTime() + WEBAUTHN_CHALLENGE_LIFETIME_MS);
    await storeChallenge(tx, { userId, purpose: "registration", sessionId }, { challenge: options.challenge, now, expiresAt });
  });
  return options;
}
