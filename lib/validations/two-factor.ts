import { z } from "zod";
import { twoFactorMethodSchema } from "@/lib/two-factor/methods";
import { passwordField } from "@/lib/validations/auth";

export const confirmPasswordSchema = z.object({ password: passwordField });

/** Spaces and dashes are allowed (pasted codes); the 2FA modules normalise the rest. */
export const verificationCodeSchema = z.object({
  code: z
    .string()
    .max(20, "Enter the 6 digits of the code.")
    .transform((code) => code.replace(/[\s-]/g, ""))
    .pipe(z.string().min(1, "Enter the 6-digit code.").regex(/^\d{6}$/, "Enter the 6 digits of the code.")),
});

export const deactivateMethodSchema = z.object({ method: twoFactorMethodSchema, password: passwordField });

export const preferencesSchema = z.object({ primaryMethod: twoFactorMethodSchema, password: passwordField });

export const noInputSchema = z.object({});
