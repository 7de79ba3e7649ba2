import { z } from "zod";

const emailField = z
  .string()
  .trim()
  .min(1, "Enter your email address.")
  .max(254, "An email address has at most 254 characters.")
  .pipe(z.email("Enter a valid email address, like name@example.com."))
  .transform((email) => email.toLowerCase());

/** For checking a password: anything goes, within reason. */
export const passwordField = z
  .string()
  .min(1, "Enter your password.")
  .max(256, "A password has at most 256 characters.");

/** For choosing a password (NIST SP 800-63B: length, no composition rules). */
const newPasswordField = z
  .string()
  .min(12, "Use at least 12 characters.")
  .max(128, "Use at most 128 characters.");

const personNameField = z
  .string()
  .trim()
  .min(1, "Enter a name.")
  .max(100, "A name has at most 100 characters.");

export const signInSchema = z.object({ email: emailField, password: passwordField });

export const signUpSchema = z.object({
  accountName: z.string().trim().min(1, "Enter your company or account name.").max(100, "Use at most 100 characters."),
  name: personNameField,
  email: emailField,
  password: newPasswordField,
});

export const changePasswordSchema = z
  .object({ currentPassword: passwordField, newPassword: newPasswordField })
  .refine((input) => input.currentPassword !== input.newPassword, {
    path: ["newPassword"],
    message: "Choose a password different from the current one.",
  });

export const addUserSchema = z.object({ name: personNameField, email: emailField });

export const setPasswordSchema = z.object({
  token: z.string().min(1).max(200),
  password: newPasswordField,
});
