"use server";

import { revalidatePath } from "next/cache";
import { MailDeliveryError } from "@/lib/mail/send-mail";
import { failure, ownerAction } from "@/lib/server-action";
import { addUser } from "@/lib/users/add-user";
import { resetTwoFactor } from "@/lib/users/reset-two-factor";
import { setTwoFactorRequirement, type GracePeriodDays } from "@/lib/users/set-two-factor-requirement";
import { addUserSchema } from "@/lib/validations/auth";
import { resetTwoFactorSchema, twoFactorRequirementSchema } from "@/lib/validations/users";

export const addUserAction = ownerAction(addUserSchema, async (input, { session }) => {
  const { user } = session;
  try {
    await addUser({ id: user.id, name: user.name, accountId: user.accountId, accountName: user.account.name }, input);
  } catch (error) {
    if (error instanceof MailDeliveryError) {
      return failure("The invitation email could not be sent, so the user was not added. Try again in a moment.");
    }
    throw error;
  }
  revalidatePath("/customer-area/users");
  return { ok: true, addedEmail: input.email };
});

/** The user id comes from the form, so lib/ checks it against the signed-in owner's own account. */
export const resetTwoFactorAction = ownerAction(
  resetTwoFactorSchema,
  async ({ userId, confirmation, password }, { session, request }) => {
    const { user } = session;
    const result = await resetTwoFactor({
      owner: { id: user.id, name: user.name, accountId: user.accountId, sessionId: session.id },
      targetUserId: userId,
      confirmation,
      password,
      context: request,
    });
    revalidatePath("/customer-area/users");
    return { ok: true, ...result };
  },
);

/** `Require two-factor authentication` for the owner's account, or stop requiring it. */
export const setTwoFactorRequirementAction = ownerAction(twoFactorRequirementSchema, async (input, { session, request }) => {
  const { user } = session;
  const { requiredFrom, notDelivered } = await setTwoFactorRequirement({
    owner: { id: user.id, name: user.name, accountId: user.accountId, sessionId: session.id },
    graceDays: input.required === "on" ? (input.graceDays as GracePeriodDays) : null,
    password: input.password,
    context: request,
  });
  revalidatePath("/customer-area", "layout");
  return { ok: true, requiredFrom: requiredFrom?.toISOString() ?? null, notDelivered };
});
