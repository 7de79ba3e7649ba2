import { z } from "zod";
import { codeMethodSchema, twoFactorMethodSchema } from "@/lib/two-factor/methods";
import { normalizeRecoveryCode, RECOVERY_CODE_INPUT_MAX_LENGTH } from "@/lib/two-factor/recovery-code-format";
import { passwordField, resetPasswordFields } from "@/lib/validations/auth";

export const confirmPasswordSchema = z.object({ password: passwordField });

/** Spaces and dashes are allowed (pasted codes); the 2FA modules normalise the rest. */
export const verificationCodeSchema = z.object({
  code: z
    .string()
    .max(20, "Enter the 6 digits of the code.")
    .transform((code) => code.replace(/[\s-]/g, ""))
    .pipe(z.string().min(1, "Enter the 6-digit code.").regex(/^\d{6}$/, "Enter the 6 digits of the code.")),
});

/** Any letter case, with or without dashes and spaces; lib/two-factor/recovery-codes.ts normalises it. */
export const recoveryCodeSchema = z.object({
  code: z
    .string()
    .trim()
    // abort: one message per mistake, and a huge input never reaches the check below.
    .min(1, { message: "Enter one of your recovery codes.", abort: true })
    .max(RECOVERY_CODE_INPUT_MAX_LENGTH, { message: "A recovery code has 15 letters and digits.", abort: true })
    .refine((code) => normalizeRecoveryCode(code) !== null, "A recovery code has 15 letters and digits, like ABCDE-FGHJK-MNPQR."),
});

/** The second sign-in step: the code, its method, and the "Trust this browser for 30 days" checkbox (sent only when checked). */
const trustBrowserField = z
  .literal("on")
  .optional()
  .transform((checked) => checked === "on");

export const signInCodeSchema = verificationCodeSchema.extend({
  method: codeMethodSchema,
  trustBrowser: trustBrowserField,
});

export const deactivateMethodSchema = z.object({ method: twoFactorMethodSchema, password: passwordField });

export const preferencesSchema = z.object({ primaryMethod: twoFactorMethodSchema });

export const noInputSchema = z.object({});

/**
 * /reset-password: the new password and, for a user with 2FA, what answers the
 * second factor: a method's 6-digit code or a recovery code. "none" is what the
 * form of a user without 2FA sends; for a user with 2FA the server refuses it.
 */
export const resetPasswordSchema = z.discriminatedUnion("secondFactor", [
  z.object({ ...resetPasswordFields, secondFactor: z.literal("none") }),
  z.object({ ...resetPasswordFields, ...verificationCodeSchema.shape, secondFactor: twoFactorMethodSchema }),
  z.object({ ...resetPasswordFields, ...recoveryCodeSchema.shape, secondFactor: z.literal("recovery") }),
]);
