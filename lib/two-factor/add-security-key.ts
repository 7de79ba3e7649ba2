import "server-only";
import { type RegistrationResponseJSON, verifyRegistrationResponse } from "@simplewebauthn/server";
import { db, isUniqueViolation } from "@/lib/db";
import { securityKeyChangedMail } from "@/lib/mail/messages/security-key-changed";
import { sendNotification } from "@/lib/mail/send-notification";
import type { RequestContext } from "@/lib/request-context";
import { recordSecurityEvent } from "@/lib/security-events";
import { activateMethod } from "@/lib/two-factor/activate-method";
import { lockUserMethods } from "@/lib/two-factor/active-methods";
import type { MethodEnabled } from "@/lib/two-factor/enable-totp";
import { notifyMethodChange } from "@/lib/two-factor/notify-method-change";
import { TwoFactorError } from "@/lib/two-factor/two-factor-error";
import { claimChallenge } from "@/lib/two-factor/webauthn-challenge";
import { relyingParty } from "@/lib/two-factor/webauthn-relying-party";

export type AddSecurityKeyOptions = {
  userId: string;
  sessionId: string;
  /** What the browser's prompt answered (navigator.credentials.create), as JSON. */
  response: RegistrationResponseJSON;
  /** The user's name for the key, already trimmed and checked for length. */
  name: string;
  context: RequestContext;
  now?: Date;
};

/** The first key turns the method on (with its recovery codes); a further key is just added. */
export type SecurityKeyAdded = MethodEnabled & { firstKey: boolean };

async function verifiedCredential(response: RegistrationResponseJSON, expectedChallenge: string) {
  const rp = relyingParty();
  // The library throws on a malformed answer and returns verified: false on a mismatch: both are a refusal.
  const verification = await verifyRegistrationResponse({
    response,
    expectedChallenge,
    expectedOrigin: rp.origin,
    expectedRPID: rp.id,
    // "Preferred": a key without a PIN or fingerprint still counts (it is a second factor after the password).
    requireUserVerification: false,
  }).catch(() => null);
  if (!verification?.verified) throw new TwoFactorError("INVALID_SECURITY_KEY");
  return verification.registrationInfo.credential;
}

/**
 * The last step of adding a key: the browser's answer to this session's
 * challenge (used up first, whatever the answer), checked against APP_URL's
 * origin and RP id, then the key stored under the name the user gave it. The
 * first key turns the method on through activateMethod, like the other
 * methods' first code; a further key is an event and a mail of its own. A
 * credential id registered before, to anyone, is refused.
 *
 * Throws TwoFactorError CHALLENGE_EXPIRED, INVALID_SECURITY_KEY, KEY_ALREADY_REGISTERED.
 */
export async function addSecurityKey({
  userId,
  sessionId,
  response,
  name,
  context,
  now = new Date(),
}: AddSecurityKeyOptions): Promise<SecurityKeyAdded> {
  const challenge = await claimChallenge({ userId, purpose: "registration", sessionId }, now);
  const credential = await verifiedCredential(response, challenge);

  const added = await db
    .$transaction(async (tx) => {
      const { types } = await lockUserMethods(tx, userId);
      const firstKey = !types.includes("webauthn");
      const activated = firstKey ? await activateMethod(tx, { userId, type: "webauthn", context, now }) : null;
      const methodId =
        activated?.methodId ??
        (await tx.twoFactorMethod.findUniqueOrThrow({ where: { userId_type: { userId, type: "webauthn" } } })).id;
      await tx.webAuthnCredential.create({
        data: {
          userId,
          methodId,
          credentialId: credential.id,
          publicKey: Buffer.from(credential.publicKey),
          counter: BigInt(credential.counter),
          transports: credential.transports ?? [],
          name,
          createdAt: now,
        },
      });
      if (!activated) await recordSecurityEvent({ userId, type: "security_key_added", method: "webauthn", context }, tx);
      const user = activated?.user ?? (await tx.user.findUniqueOrThrow({ where: { id: userId }, select: { email: true, name: true } }));
      return { firstKey, user, becamePrimary: activated?.becamePrimary ?? false, recoveryCodes: activated?.recoveryCodes ?? null };
    })
    .catch((error: unknown) => {
      if (isUniqueViolation(error)) throw new TwoFactorError("KEY_ALREADY_REGISTERED");
      throw error;
    });

  const notificationSent = added.firstKey
    ? await notifyMethodChange(added.user, { kind: "enabled", method: "webauthn" }, { context, now })
    : await sendNotification(added.user.email, securityKeyChangedMail(added.user.name, { kind: "added", name }, context, now));
  const { firstKey, becamePrimary, recoveryCodes } = added;
  return { firstKey, becamePrimary, notificationSent, recoveryCodes };
}
