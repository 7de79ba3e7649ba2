import "server-only";
import { db } from "@/lib/db";
import type { TwoFactorMethodType } from "@/lib/generated/prisma/client";
import { methodsInSignInOrder } from "@/lib/two-factor/methods";

export type VerifyPageData = {
  /** The method asked for now: the one the user picked, else the primary. */
  method: TwoFactorMethodType;
  /** The user's other active methods, offered as "Use another method". */
  otherMethods: TwoFactorMethodType[];
  /** "jo•••@example.com": enough to recognise the mailbox, not enough to learn the address. */
  maskedEmail: string;
};

function maskEmail(email: string): string {
  const [local = "", domain = ""] = email.split("@");
  return `${local.slice(0, 2)}•••@${domain}`;
}

/** What /sign-in/verify asks of the user behind a pending sign-in; null if they have no method left. */
export async function getVerifyPageData(userId: string, requested: string | undefined): Promise<VerifyPageData | null> {
  const user = await db.user.findUniqueOrThrow({
    where: { id: userId },
    select: { email: true, primaryTwoFactorType: true, twoFactorMethods: { select: { type: true } } },
  });
  const ordered = methodsInSignInOrder(
    user.twoFactorMethods.map((method) => method.type),
    user.primaryTwoFactorType,
  );
  const method = ordered.find((type) => type === requested) ?? ordered[0];
  if (!method) return null;
  return { method, otherMethods: ordered.filter((type) => type !== method), maskedEmail: maskEmail(user.email) };
}
