"use server";

import { revalidatePath } from "next/cache";
import { MailDeliveryError } from "@/lib/mail/send-mail";
import { failure, ownerAction } from "@/lib/server-action";
import { addUser } from "@/lib/users/add-user";
import { addUserSchema } from "@/lib/validations/auth";

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
