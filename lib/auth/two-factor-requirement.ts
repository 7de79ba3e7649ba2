import "server-only";
import type { ActiveSession } from "@/lib/auth/sessions";

/** Where a user who must set up two-factor authentication is sent: its dialogs are there. */
export const TWO_FACTOR_SETUP_PATH = "/customer-area/security";

/** What the account's requirement means for the signed-in user right now. */
export type TwoFactorRequirementState =
  | { kind: "none" } // not required, or the user has a method
  | { kind: "grace"; deadline: Date } // required from `deadline`; until then everything works
  | { kind: "setup-required"; deadline: Date }; // past the deadline: only the setup and sign-out

export function twoFactorRequirementFor(session: ActiveSession, now = new Date()): TwoFactorRequirementState {
  const deadline = session.user.account.twoFactorRequiredFrom;
  if (!deadline || session.user.hasTwoFactor) return { kind: "none" };
  return deadline <= now ? { kind: "setup-required", deadline } : { kind: "grace", deadline };
}

/** True when the session may only set up a method or sign out (checked by every page and server action). */
export function mustSetUpTwoFactor(session: ActiveSession, now = new Date()): boolean {
  return twoFactorRequirementFor(session, now).kind === "setup-required";
}

/** The account's requirement as the owner's form shows it: the deadline, and whether it has passed. */
export function accountTwoFactorRequirement(requiredFrom: Date | null, now = new Date()) {
  return requiredFrom ? { requiredFrom: requiredFrom.toISOString(), deadlinePassed: requiredFrom <= now } : null;
}
