import "server-only";
import { trustedBrowserTokenHash } from "@/lib/auth/trusted-browsers";
import { sql } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import type { SecurityEventType, TwoFactorMethodType } from "@/lib/generated/prisma/client";
import { TWO_FACTOR_METHODS, type MethodState } from "@/lib/two-factor/methods";
import type { SecurityKeyItem } from "@/lib/two-factor/security-keys";
import { browserLabel } from "@/lib/user-agent";

const RECENT_ACTIVITY_LIMIT = 10;
/** More than anyone uses; `Sign out other sessions` and `Remove all` end the rest too. */
const LIST_LIMIT = 50;

/** Where something happened: "Chrome on Linux" from the user agent (kept whole for a title), and the address. */
type Where = { browser: string; userAgent: string | null; ipAddress: string | null };

export type SecurityActivityItem = Where & {
  id: string;
  type: SecurityEventType;
  method: TwoFactorMethodType | null;
  /** Failures of one kind within a minute are one event with a count. */
  count: number;
  createdAt: Date;
  /** The other user of an owner's action (whose 2FA was reset, or who reset it); null once deleted. */
  relatedUser: { name: string; email: string } | null;
  /** The identity provider of a sign-in, connect or remove (Auth.js's id). */
  provider: string | null;
};

/** An identity at a provider that signs the user in (`Connected accounts`). */
export type ConnectedIdentityItem = { id: string; provider: string; email: string; createdAt: Date };

/** A live session (`Sessions`) or trusted browser (`Trusted browsers`) of the user. */
export type BrowserItem = Where & {
  id: string;
  createdAt: Date;
  lastUsedAt: Date;
  /** The browser viewing the page. */
  current: boolean;
};

export type SecurityPageData = {
  email: string;
  methods: MethodState[];
  /** The user's security keys and passkeys, oldest first. */
  securityKeys: SecurityKeyItem[];
  /** How many unused recovery codes the user holds; never the codes. */
  recoveryCodesLeft: number;
  recentEvents: SecurityActivityItem[];
  connectedIdentities: ConnectedIdentityItem[];
  sessions: BrowserItem[];
  /** Live sessions in all, shown or not. */
  sessionCount: number;
  trustedBrowsers: BrowserItem[];
};

export type SecurityPageViewer = {
  /** The session viewing the page, to say which row is "This browser". */
  currentSessionId?: string;
  /** This browser's trusted-browser cookie, to say which row is "This browser". */
  trustedBrowserToken?: string;
  now?: Date;
};

function withBrowser<T extends { userAgent: string | null }>(row: T): T & { browser: string } {
  return { ...row, browser: browserLabel(row.userAgent) };
}

/** This browser first, then the most recently used. */
function inListOrder(items: BrowserItem[]): BrowserItem[] {
  return [...items].sort(
    (a, b) => Number(b.current) - Number(a.current) || b.lastUsedAt.getTime() - a.lastUsedAt.getTime(),
  );
}

/** `timestamp(3)` inside JSON ("2026-12-07T09:30:00.123"): UTC, as every timestamp here. */
function utc(text: string): Date;
function utc(text: string | null): Date | null;
function utc(text: string | null): Date | null {
  return text === null ? null : new Date(`${text}Z`);
}

type BrowserJson = { id: string; createdAt: string; lastUsedAt: string; userAgent: string | null; ipAddress: string | null };

type SecurityPageRow = {
  email: string;
  primary_two_factor_type: TwoFactorMethodType | null;
  method_types: TwoFactorMethodType[];
  security_keys: { id: string; name: string; createdAt: string; lastUsedAt: string | null }[];
  events: (Omit<SecurityActivityItem, "createdAt" | "browser" | "relatedUser"> & {
    createdAt: string;
    relatedName: string | null;
    relatedEmail: string | null;
  })[];
  sessions: BrowserJson[];
  trusted_browsers: (BrowserJson & { tokenHash: string })[];
  recovery_codes_left: number;
  session_count: number;
  identities: { id: string; provider: string; email: string; createdAt: string }[];
};

/** The JSON fields of a BrowserJson from a row of `table` (sessions or trusted_browsers). */
const browserFields = (table: "s" | "t") =>
  Prisma.raw(
    `'id', ${table}.id, 'createdAt', ${table}.created_at, 'lastUsedAt', ${table}.last_used_at, ` +
      `'userAgent', ${table}.user_agent, 'ipAddress', ${table}.ip_address`,
  );

/**
 * What `Security and access` shows of the signed-in user, in one statement
 * (straight to the driver, lib/db.ts `sql`: Prisma's reading of the same took
 * 0.9 ms of CPU per render): every method (on or off), security keys, recovery
 * codes left, live sessions, live trusted browsers, recent activity.
 */
export async function getSecurityPageData(
  userId: string,
  { currentSessionId, trustedBrowserToken, now = new Date() }: SecurityPageViewer = {},
): Promise<SecurityPageData> {
  const [user] = await sql<SecurityPageRow>`
    SELECT u.email, u.primary_two_factor_type,
      (SELECT coalesce(json_agg(m.type), '[]') FROM two_factor_methods m WHERE m.user_id = u.id) AS method_types,
      (SELECT coalesce(json_agg(json_build_object('id', k.id, 'name', k.name, 'createdAt', k.created_at, 'lastUsedAt', k.last_used_at)
                                ORDER BY k.created_at), '[]')
         FROM (SELECT * FROM webauthn_credentials WHERE user_id = u.id ORDER BY created_at LIMIT ${LIST_LIMIT}) k) AS security_keys,
      (SELECT coalesce(json_agg(json_build_object('id', e.id, 'type', e.type, 'method', e.method, 'count', e.count,
                                'provider', e.provider, 'createdAt', e.created_at, 'userAgent', e.user_agent, 'ipAddress', e.ip_address,
                                'relatedName', r.name, 'relatedEmail', r.email) ORDER BY e.created_at DESC), '[]')
         FROM (SELECT * FROM security_events WHERE user_id = u.id ORDER BY created_at DESC LIMIT ${RECENT_ACTIVITY_LIMIT}) e
         LEFT JOIN users r ON r.id = e.related_user_id) AS events,
      (SELECT coalesce(json_agg(json_build_object(${browserFields("s")}) ORDER BY s.last_used_at DESC), '[]')
         FROM (SELECT * FROM sessions WHERE user_id = u.id AND expires_at > ${now}::timestamp
               ORDER BY last_used_at DESC LIMIT ${LIST_LIMIT}) s) AS sessions,
      (SELECT coalesce(json_agg(json_build_object(${browserFields("t")}, 'tokenHash', t.token_hash) ORDER BY t.last_used_at DESC), '[]')
         FROM (SELECT * FROM trusted_browsers WHERE user_id = u.id AND expires_at > ${now}::timestamp
               ORDER BY last_used_at DESC LIMIT ${LIST_LIMIT}) t) AS trusted_browsers,
      (SELECT count(*)::int FROM recovery_codes WHERE user_id = u.id AND used_at IS NULL) AS recovery_codes_left,
      (SELECT count(*)::int FROM sessions WHERE user_id = u.id AND expires_at > ${now}::timestamp) AS session_count,
      (SELECT coalesce(json_agg(json_build_object('id', i.id, 'provider', i.provider, 'email', i.email, 'createdAt', i.created_at)
                                ORDER BY i.created_at), '[]')
         FROM connected_identities i WHERE i.user_id = u.id) AS identities
    FROM users u WHERE u.id = ${userId}::uuid`;
  if (!user) throw new Error("The signed-in user has no row");
  const active = new Set(user.method_types);
  const methods = TWO_FACTOR_METHODS.map((type) => ({
    type,
    active: active.has(type),
    primary: active.has(type) && user.primary_two_factor_type === type,
  }));
  const thisBrowserHash = trustedBrowserToken ? trustedBrowserTokenHash(trustedBrowserToken) : undefined;
  const browser = ({ createdAt, lastUsedAt, ...rest }: BrowserJson, current: boolean) =>
    withBrowser({ ...rest, createdAt: utc(createdAt), lastUsedAt: utc(lastUsedAt), current });
  return {
    email: user.email,
    methods,
    securityKeys: user.security_keys.map((key) => ({ ...key, createdAt: utc(key.createdAt), lastUsedAt: utc(key.lastUsedAt) })),
    recoveryCodesLeft: user.recovery_codes_left,
    recentEvents: user.events.map(({ createdAt, relatedName, relatedEmail, ...event }) =>
      withBrowser({
        ...event,
        createdAt: utc(createdAt),
        relatedUser: relatedName !== null && relatedEmail !== null ? { name: relatedName, email: relatedEmail } : null,
      }),
    ),
    sessions: inListOrder(user.sessions.map((session) => browser(session, session.id === currentSessionId))),
    sessionCount: user.session_count,
    connectedIdentities: user.identities.map(({ createdAt, ...identity }) => ({ ...identity, createdAt: utc(createdAt) })),
    trustedBrowsers: inListOrder(
      user.trusted_browsers.map(({ tokenHash, ...trusted }) => browser(trusted, tokenHash === thisBrowserHash)),
    ),
  };
}
