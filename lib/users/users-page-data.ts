import "server-only";
import { db } from "@/lib/db";
import type { Role, SecurityEventType, TwoFactorMethodType } from "@/lib/generated/prisma/client";
import { TWO_FACTOR_METHODS } from "@/lib/two-factor/methods";

export type AccountUserRow = {
  id: string;
  name: string;
  email: string;
  role: Role;
  /** The user's active methods in the registry's order; empty means two-factor authentication is off. */
  methods: TwoFactorMethodType[];
  /** The identity providers that sign the user in (Auth.js's ids), each once. */
  providers: string[];
  lastSignInAt: Date | null;
};

/** An invitation not accepted yet: its link works until `expiresAt`, and adding the address again sends a new one. */
export type InvitationRow = { id: string; name: string; email: string; sentAt: Date; expiresAt: Date };

/** What `Users` can narrow the list to: everyone, or the users without two-factor authentication. */
export type UsersFilter = "all" | "without-2fa";

/** Every event that records a completed sign-in, whatever stood in for the second factor (kept 365 days). */
const SIGN_IN_EVENTS: SecurityEventType[] = [
  "sign_in",
  "sign_in_second_factor",
  "sign_in_recovery_code",
  "sign_in_trusted_browser",
];

/**
 * The users of one account, oldest first, for its owner's `Users` page: who
 * has which second factor and when they last signed in. Never a secret: the
 * method rows give their type only.
 */
export async function getUsersPageData(accountId: string, filter: UsersFilter = "all"): Promise<AccountUserRow[]> {
  const users = await db.user.findMany({
    where: { accountId, ...(filter === "without-2fa" ? { twoFactorMethods: { none: {} } } : {}) },
    orderBy: { createdAt: "asc" },
    select: {
      id: true,
      name: true,
      email: true,
      role: true,
      twoFactorMethods: { select: { type: true } },
      connectedIdentities: { select: { provider: true }, orderBy: { createdAt: "asc" } },
      securityEvents: {
        where: { type: { in: SIGN_IN_EVENTS } },
        orderBy: { createdAt: "desc" },
        take: 1,
        select: { createdAt: true },
      },
      // Sign-up starts a session without a sign-in event: its start counts as a sign-in too.
      sessions: { orderBy: { createdAt: "desc" }, take: 1, select: { createdAt: true } },
    },
  });
  return users.map(({ twoFactorMethods, connectedIdentities, securityEvents, sessions, ...user }) => {
    const active = new Set(twoFactorMethods.map((method) => method.type));
    const signIns = [securityEvents[0]?.createdAt, sessions[0]?.createdAt].filter((date) => date !== undefined);
    return {
      ...user,
      methods: TWO_FACTOR_METHODS.filter((type) => active.has(type)),
      providers: [...new Set(connectedIdentities.map((identity) => identity.provider))],
      lastSignInAt: signIns.length ? new Date(Math.max(...signIns.map((date) => date.getTime()))) : null,
    };
  });
}

/** The account's invitations not accepted yet (expired ones too, until they are removed), oldest first. */
export async function getInvitationRows(accountId: string): Promise<InvitationRow[]> {
  return db.invitation.findMany({
    where: { accountId },
    orderBy: { sentAt: "asc" },
    select: { id: true, name: true, email: true, sentAt: true, expiresAt: true },
  });
}
