import "server-only";
import { trustedBrowserTokenHash } from "@/lib/auth/trusted-browsers";
import { db } from "@/lib/db";
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
};

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

const WHERE_FIELDS = { userAgent: true, ipAddress: true } as const;
const BROWSER_FIELDS = { id: true, createdAt: true, lastUsedAt: true, ...WHERE_FIELDS } as const;

function withBrowser<T extends { userAgent: string | null }>(row: T): T & { browser: string } {
  return { ...row, browser: browserLabel(row.userAgent) };
}

/** This browser first, then the most recently used. */
function inListOrder(items: BrowserItem[]): BrowserItem[] {
  return [...items].sort(
    (a, b) => Number(b.current) - Number(a.current) || b.lastUsedAt.getTime() - a.lastUsedAt.getTime(),
  );
}

/**
 * What `Security and access` shows of the signed-in user, in one statement:
 * every method (on or off), recovery codes left, live sessions, live trusted
 * browsers, recent activity.
 */
export async function getSecurityPageData(
  userId: string,
  { currentSessionId, trustedBrowserToken, now = new Date() }: SecurityPageViewer = {},
): Promise<SecurityPageData> {
  const live = { expiresAt: { gt: now } };
  const user = await db.user.findUniqueOrThrow({
    where: { id: userId },
    select: {
      email: true,
      primaryTwoFactorType: true,
      twoFactorMethods: { select: { type: true } },
      webAuthnCredentials: {
        orderBy: { createdAt: "asc" },
        take: LIST_LIMIT,
        select: { id: true, name: true, createdAt: true, lastUsedAt: true },
      },
      securityEvents: {
        orderBy: { createdAt: "desc" },
        take: RECENT_ACTIVITY_LIMIT,
        select: {
          id: true,
          type: true,
          method: true,
          count: true,
          createdAt: true,
          relatedUser: { select: { name: true, email: true } },
          ...WHERE_FIELDS,
        },
      },
      sessions: { where: live, orderBy: { lastUsedAt: "desc" }, take: LIST_LIMIT, select: BROWSER_FIELDS },
      trustedBrowsers: {
        where: live,
        orderBy: { lastUsedAt: "desc" },
        take: LIST_LIMIT,
        select: { ...BROWSER_FIELDS, tokenHash: true },
      },
      _count: { select: { recoveryCodes: { where: { usedAt: null } }, sessions: { where: live } } },
    },
  });
  const active = new Set(user.twoFactorMethods.map((method) => method.type));
  const methods = TWO_FACTOR_METHODS.map((type) => ({
    type,
    active: active.has(type),
    primary: active.has(type) && user.primaryTwoFactorType === type,
  }));
  const thisBrowserHash = trustedBrowserToken ? trustedBrowserTokenHash(trustedBrowserToken) : undefined;
  const sessions = user.sessions.map((session) => withBrowser({ ...session, current: session.id === currentSessionId }));
  const trustedBrowsers = user.trustedBrowsers.map(({ tokenHash, ...browser }) =>
    withBrowser({ ...browser, current: tokenHash === thisBrowserHash }),
  );
  return {
    email: user.email,
    methods,
    securityKeys: user.webAuthnCredentials,
    recoveryCodesLeft: user._count.recoveryCodes,
    recentEvents: user.securityEvents.map(withBrowser),
    sessions: inListOrder(sessions),
    sessionCount: user._count.sessions,
    trustedBrowsers: inListOrder(trustedBrowsers),
  };
}
