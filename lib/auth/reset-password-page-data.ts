import "server-only";
import { findUsablePasswordResetLink } from "@/lib/auth/password-reset-link";
import { methodsForReset } from "@/lib/auth/reset-password";
import { methodsInSignInOrder, type TwoFactorMethodType } from "@/lib/two-factor/methods";
import { countRecoveryCodesLeft } from "@/lib/two-factor/recovery-codes";

/** What the second factor of a reset is answered with on screen: a method's code, or a recovery code. */
export type ResetSecondFactorPrompt = TwoFactorMethodType | "recovery";

export type ResetPasswordPageData = {
  email: string;
  /** null: the user has no two-factor authentication, the new password is enough. */
  secondFactor: null | {
    /** What is asked now: the method picked, else the primary (among those a reset accepts), else a recovery code. */
    asked: ResetSecondFactorPrompt;
    /** The other ways offered ("Use another method", "Use a recovery code"). */
    otherWays: ResetSecondFactorPrompt[];
    /** The user's methods that a reset does not accept (an emailed code: it would come to this same mailbox). */
    notAccepted: TwoFactorMethodType[];
    recoveryCodesLeft: number;
  };
};

/**
 * What /reset-password shows for a link: null when the link cannot be used.
 * The order is sign-in's (primary first), without the methods a reset refuses.
 */
export async function getResetPasswordPageData(token: string, requested: string | undefined) {
  const link = await findUsablePasswordResetLink(token);
  if (!link) return null;
  const { user } = link;
  const active = user.twoFactorMethods.map((method) => method.type);
  if (active.length === 0) return { email: user.email, secondFactor: null } satisfies ResetPasswordPageData;
  const ordered = methodsInSignInOrder(active, user.primaryTwoFactorType);
  const accepted = methodsForReset(ordered);
  const recoveryCodesLeft = await countRecoveryCodesLeft(link.userId);
  const ways: ResetSecondFactorPrompt[] = [...accepted, ...(recoveryCodesLeft > 0 ? ["recovery" as const] : [])];
  const asked = ways.find((way) => way === requested) ?? ways[0] ?? "recovery";
  return {
    email: user.email,
    secondFactor: {
      asked,
      otherWays: ways.filter((way) => way !== asked),
      notAccepted: ordered.filter((type) => !accepted.includes(type)),
      recoveryCodesLeft,
    },
  } satisfies ResetPasswordPageData;
}
