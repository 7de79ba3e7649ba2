import "server-only";
import { type AuthenticationResponseJSON, verifyAuthenticationResponse } from "@simplewebauthn/server";
import { completePendingSignIn, type SignedIn } from "@/lib/auth/complete-pending-sign-in";
import { db } from "@/lib/db";
import type { RequestContext } from "@/lib/request-context";
import { TwoFactorError } from "@/lib/two-factor/two-factor-error";
import { claimChallenge } from "@/lib/two-factor/webauthn-challenge";
import { relyingParty } from "@/lib/two-factor/webauthn-relying-party";

export type CompleteSignInWithSecurityKeyOptions = {
  pendingSignInToken: string | undefined;
  /** What the browser's prompt answered (navigator.credentials.get), as JSON. */
  response: AuthenticationResponseJSON;
  context: RequestContext;
  trustBrowser?: boolean;
  now?: Date;
};

/**
 * The second step with a security key or passkey, through the same
 * completePendingSignIn as a code (tries, limits, the new session). The
 * challenge of this pending sign-in is used up first; the key must be one of
 * this user's, and the signature checked against APP_URL's origin and RP id.
 * Where the authenticator keeps a signature counter it must have moved
 * forward, and it is stored with a conditional update in the transaction that
 * creates the session, so a cloned key racing the real one cannot both get in.
 *
 * Throws TwoFactorError SIGN_IN_EXPIRED, CHALLENGE_EXPIRED, INVALID_SECURITY_KEY
 * (with details.triesLeft), NOT_ENABLED, AuthError THROTTLED.
 */
export async function completeSignInWithSecurityKey({
  pendingSignInToken,
  response,
  context,
  trustBrowser,
  now = new Date(),
}: CompleteSignInWithSecurityKeyOptions): Promise<SignedIn> {
  const events = { success: "sign_in_second_factor", failure: "code_failed", method: "webauthn" } as const;
  return completePendingSignIn(
    { pendingSignInToken, context, now, events, trustBrowser },
    async (userId, finishSignIn, pendingSignInId) => {
      const challenge = await claimChallenge({ userId, purpose: "sign_in", pendingSignInId }, now);
      // Looked up within this user's keys only: another user's key is no key here.
      const key = await db.webAuthnCredential.findFirst({ where: { userId, credentialId: response.id } });
      if (!key) throw new TwoFactorError("INVALID_SECURITY_KEY");
      const rp = relyingParty();
      const verification = await verifyAuthenticationResponse({
        response,
        expectedChallenge: challenge,
        expectedOrigin: rp.origin,
        expectedRPID: rp.id,
        credential: { id: key.credentialId, publicKey: new Uint8Array(key.publicKey), counter: Number(key.counter) },
        requireUserVerification: false,
      }).catch(() => null);
      if (!verification?.verified) throw new TwoFactorError("INVALID_SECURITY_KEY");
      const { newCounter } = verification.authenticationInfo;

      return db.$transaction(async (tx) => {
        // An authenticator without a counter always says 0; one with a counter must move past the stored
        // value, checked again in this statement so that of two answers racing only one moves it. A key
        // removed while its prompt was open has no row left: no sign-in either.
        const stored = await tx.webAuthnCredential.updateMany({
          where: { id: key.id, counter: newCounter === 0 ? 0 : { lt: newCounter } },
          data: { counter: newCounter, lastUsedAt: now },
        });
        if (stored.count !== 1) throw new TwoFactorError("INVALID_SECURITY_KEY");
        return finishSignIn.inTransaction(tx);
      });
    },
  );
}
