import "server-only";
import { confirmPassword } from "@/lib/auth/confirm-password";
import type { IdentityProviderId } from "@/lib/config";
import { db, isUniqueViolation } from "@/lib/db";
import { providerName } from "@/lib/identity-providers/providers";
import { identityChangedMail } from "@/lib/mail/messages/identity-changed";
import { sendNotification } from "@/lib/mail/send-notification";
import type { RequestContext } from "@/lib/request-context";
import { recordSecurityEvent } from "@/lib/security-events";

/** An identity as the provider's ID token gave it (lib/identity-providers/provider-callback.ts). */
export type ProviderIdentity = {
  provider: IdentityProviderId;
  issuer: string;
  subject: string;
  /** The address shown in the list: the provider's `email`, lower-cased. */
  email: string;
  emailVerified: boolean;
  name: string;
};

export type ConnectOutcome = "connected" | "already-connected" | "taken";

/**
 * `Connect` came back from the provider (the password was checked before the
 * browser left): the identity now signs this user in. An identity connected
 * to another user stays theirs ("taken"); one already this user's changes nothing.
 */
export async function connectIdentity({
  user,
  identity,
  context,
  now = new Date(),
}: {
  user: { id: string; email: string; name: string };
  identity: ProviderIdentity;
  context: RequestContext;
  now?: Date;
}): Promise<ConnectOutcome> {
  try {
    await db.$transaction(async (tx) => {
      await tx.connectedIdentity.create({
        data: { userId: user.id, provider: identity.provider, issuer: identity.issuer, subject: identity.subject, email: identity.email },
      });
      await recordSecurityEvent({ userId: user.id, type: "identity_connected", provider: identity.provider, context }, tx);
    });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    const owner = await db.connectedIdentity.findUnique({
      where: { issuer_subject: { issuer: identity.issuer, subject: identity.subject } },
      select: { userId: true },
    });
    return owner?.userId === user.id ? "already-connected" : "taken";
  }
  const change = { kind: "connected", providerName: providerName(identity.provider), address: identity.email } as const;
  await sendNotification(user.email, identityChangedMail(user.name, change, context, now));
  return "connected";
}

/**
 * `Remove` beside a connected identity: the password first, as for every
 * change on the page. Only one of the user's own; another's id fails like a
 * missing one. Returns whether the mail went out.
 *
 * Throws AuthError WRONG_PASSWORD or THROTTLED (lib/auth/confirm-password.ts).
 */
export async function removeConnectedIdentity({
  user,
  sessionId,
  identityId,
  password,
  context,
  now = new Date(),
}: {
  user: { id: string; email: string; name: string };
  sessionId: string;
  identityId: string;
  password: string;
  context: RequestContext;
  now?: Date;
}): Promise<{ removed: boolean; notified: boolean }> {
  await confirmPassword({ userId: user.id, sessionId, password, context });
  const removed = await db.$transaction(async (tx) => {
    const where = { id: identityId, userId: user.id };
    const identity = await tx.connectedIdentity.findFirst({ where, select: { provider: true, email: true } });
    // Conditional: of two parallel removals, one removes and one finds nothing.
    if (!identity || (await tx.connectedIdentity.deleteMany({ where })).count === 0) return null;
    await recordSecurityEvent({ userId: user.id, type: "identity_removed", provider: identity.provider, context }, tx);
    return identity;
  });
  if (!removed) return { removed: false, notified: false };
  const change = { kind: "removed", providerName: providerName(removed.provider), address: removed.email } as const;
  return { removed: true, notified: await sendNotification(user.email, identityChangedMail(user.name, change, context, now)) };
}
