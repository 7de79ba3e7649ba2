import { z } from "zod";
import { EMAIL_MAX_LENGTH, passwordField } from "@/lib/validations/auth";

/** `?filter=without-2fa` on `Users`; anything else shows everyone. */
export const usersFilterSchema = z.enum(["all", "without-2fa"]).catch("all");

/** `Reset two-factor authentication`: whose (checked against the owner's account on the server), the typed address, the owner's password. */
export const resetTwoFactorSchema = z.object({
  userId: z.uuid("Choose a user of your account."),
  confirmation: z
    .string()
    .trim()
    .min(1, "Type the user's email address to confirm.")
    .max(EMAIL_MAX_LENGTH, "An email address has at most 254 characters.")
    .transform((email) => email.toLowerCase()),
  password: passwordField,
});

/** `Require two-factor authentication` (with a grace period in days) or stop requiring it; always the owner's password. */
export const twoFactorRequirementSchema = z.discriminatedUnion("required", [
  z.object({
    required: z.literal("on"),
    graceDays: z.enum(["0", "7", "14", "30"], { message: "Choose a grace period." }).transform(Number),
    password: passwordField,
  }),
  z.object({ required: z.literal("off"), password: passwordField }),
]);
