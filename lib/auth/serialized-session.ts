import type { ActiveSession } from "@/lib/auth/sessions";

/**
 * auth() hands the session over as JSON (next-auth answers it like its
 * /api/auth/session endpoint): the dates travel as ISO strings and come back here.
 */
export type SerializedActiveSession = Omit<ActiveSession, "expiresAt" | "lastUsedAt" | "user"> & {
  expiresAt: string;
  lastUsedAt: string;
  user: Omit<ActiveSession["user"], "account"> & {
    account: Omit<ActiveSession["user"]["account"], "twoFactorRequiredFrom"> & { twoFactorRequiredFrom: string | null };
  };
};

export function serializeActiveSession(session: ActiveSession): SerializedActiveSession {
  const { account } = session.user;
  return {
    ...session,
    expiresAt: session.expiresAt.toISOString(),
    lastUsedAt: session.lastUsedAt.toISOString(),
    user: { ...session.user, account: { ...account, twoFactorRequiredFrom: account.twoFactorRequiredFrom?.toISOString() ?? null } },
  };
}

export function reviveActiveSession(session: SerializedActiveSession): ActiveSession {
  const { account } = session.user;
  return {
    ...session,
    expiresAt: new Date(session.expiresAt),
    lastUsedAt: new Date(session.lastUsedAt),
    user: {
      ...session.user,
      account: { ...account, twoFactorRequiredFrom: account.twoFactorRequiredFrom ? new Date(account.twoFactorRequiredFrom) : null },
    },
  };
}
