import "server-only";
import { randomUUID } from "node:crypto";
import { appUrl } from "@/lib/app-origin";
import { AuthError } from "@/lib/auth/auth-error";
import { confirmPassword } from "@/lib/auth/confirm-password";
import { TWO_FACTOR_SETUP_PATH } from "@/lib/auth/two-factor-requirement";
import { db } from "@/lib/db";
import { twoFactorRequirementMail } from "@/lib/mail/messages/two-factor-requirement";
import { sendNotification } from "@/lib/mail/send-notification";
import { claimUse, RateLimited, releaseUse } from "@/lib/rate-limit";
import type { RequestContext } from "@/lib/request-context";
import { lockUserMethods } from "@/lib/two-factor/active-methods";

/** The grace periods an owner can pick, in days; 0 means from now on. */
export const GRACE_PERIOD_DAYS = [0, 7, 14, 30] as const;
export type GracePeriodDays = (typeof GRACE_PERIOD_DAYS)[number];

const DAY_MS = 24 * 60 * 60 * 1000;
const HOUR_MS = 60 * 60 * 1000;
/** Each change mails every user of the account: a few an hour, so that toggling cannot flood their mailboxes. */
export const REQUIREMENT_CHANGES_PER_ACCOUNT_PER_HOUR = 6;

export type SetTwoFactorRequirementOptions = {
  owner: { id: string; name: string; accountId: string; sessionId: string };
  /** Required from now + `graceDays`, or not required any more (null). */
  graceDays: GracePeriodDays | null;
  password: string;
  context: RequestContext;
  now?: Date;
};

/**
 * `Require two-factor authentication` for the owner's account, or stop
 * requiring it. Needs the owner's password; requiring it also needs the owner
 * to have two-factor authentication. Each change is an event on every user of
 * the account and a mail to each user who has a password (only the account's
 * own users, a few changes an hour: nobody's mail cannon).
 *
 * Throws AuthError NOT_ALLOWED, OWNER_WITHOUT_TWO_FACTOR, REQUIREMENT_CHANGES_LIMITED, WRONG_PASSWORD / THROTTLED.
 */
export async function setTwoFactorRequirement({ owner, graceDays, password, context, now = new Date() }: SetTwoFactorRequirementOptions) {
  await confirmPassword({ userId: owner.id, sessionId: owner.sessionId, password, context });
  const limitKey = `two-factor-requirement:account:${owner.accountId}`;
  let claim;
  try {
    claim = await claimUse(limitKey, { limit: REQUIREMENT_CHANGES_PER_ACCOUNT_PER_HOUR, windowMs: HOUR_MS }, now);
  } catch (error) {
    if (error instanceof RateLimited) throw new AuthError("REQUIREMENT_CHANGES_LIMITED", error.retryAt);
    throw error;
  }
  const requiredFrom = graceDays === null ? null : new Date(now.getTime() + graceDays * DAY_MS);
  let users;
  try {
    users = await db.$transaction(async (tx) => {
      const { types } = await lockUserMethods(tx, owner.id);
      const isOwner = await tx.user.count({ where: { id: owner.id, accountId: owner.accountId, role: "owner" } });
      if (isOwner !== 1) throw new AuthError("NOT_ALLOWED");
      if (requiredFrom && types.length === 0) throw new AuthError("OWNER_WITHOUT_TWO_FACTOR");
      await tx.account.update({ where: { id: owner.accountId }, data: { twoFactorRequiredFrom: requiredFrom } });
      const members = await tx.user.findMany({
        where: { accountId: owner.accountId },
        select: { id: true, email: true, name: true, twoFactorMethods: { select: { type: true }, take: 1 } },
      });
      await tx.securityEvent.createMany({
        data: members.map((member) => ({
          id: randomUUID(),
          userId: member.id,
          type: requiredFrom ? "two_factor_required" : "two_factor_requirement_removed",
          relatedUserId: member.id === owner.id ? null : owner.id,
          createdAt: now,
          ipAddress: context.ipAddress,
          userAgent: context.userAgent,
        })),
      });
      return members;
    });
  } catch (error) {
    await releaseUse(limitKey, claim);
    throw error;
  }

  let notDelivered = 0;
  for (const member of users) {
    const mail = twoFactorRequirementMail({
      name: member.name,
      ownerName: owner.name,
      requiredFrom,
      hasTwoFactor: member.twoFactorMethods.length > 0,
      securityPageUrl: appUrl(TWO_FACTOR_SETUP_PATH),
    });
    if (!(await sendNotification(member.email, mail))) notDelivered += 1;
  }
  return { requiredFrom, notDelivered };
}
