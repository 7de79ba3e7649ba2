"use server";

import { changePassword } from "@/lib/auth/change-password";
import { userAction } from "@/lib/server-action";
import { changePasswordSchema } from "@/lib/validations/auth";

export const changePasswordAction = userAction(
  changePasswordSchema,
  async ({ currentPassword, newPassword }, { session, request }) => {
    const { otherSessionsSignedOut } = await changePassword(
      session.userId,
      session.id,
      currentPassword,
      newPassword,
      request,
    );
    return { ok: true, otherSessionsSignedOut };
  },
);
