import "server-only";
import { db } from "@/lib/db";
import type { SecurityEventType, TwoFactorMethodType } from "@/lib/generated/prisma/client";
import { TWO_FACTOR_METHODS, type MethodState } from "@/lib/two-factor/methods";

const RECENT_ACTIVITY_LIMIT = 10;

export type SecurityActivityItem = {
  id: string;
  type: SecurityEventType;
  method: TwoFactorMethodType | null;
  /** Failures of one kind within a minute are one event with a count. */
  count: number;
  createdAt: Date;
  ipAddress: string | null;
  userAgent: string | null;
};

export type SecurityPageData = {
  email: string;
  methods: MethodState[];
  /** How many unused recovery codes the user holds; never the codes. */
  recoveryCodesLeft: number;
  recentEvents: SecurityActivityItem[];
};

/** What `Security and access` shows of the signed-in user: every method (on or off), recovery codes left and recent activity. */
export async function getSecurityPageData(userId: string): Promise<SecurityPageData> {
  const user = await db.user.findUniqueOrThrow({
    where: { id: userId },
    select: {
      email: true,
      primaryTwoFactorType: true,
      twoFactorMethods: { select: { type: true } },
      _count: { select: { recoveryCodes: { where: { usedAt: null } } } },
      securityEvents: {
        orderBy: { createdAt: "desc" },
        take: RECENT_ACTIVITY_LIMIT,
        select: { id: true, type: true, method: true, count: true, createdAt: true, ipAddress: true, userAgent: true },
      },
    },
  });
  const active = new Set(user.twoFactorMethods.map((method) => method.type));
  const methods = TWO_FACTOR_METHODS.map((type) => ({
    type,
    active: active.has(type),
    primary: active.has(type) && user.primaryTwoFactorType === type,
  }));
  return { email: user.email, methods, recoveryCodesLeft: user._count.recoveryCodes, recentEvents: user.securityEvents };
}
