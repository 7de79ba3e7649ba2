import { z } from "zod";

export const EMAIL_MAX_LENGTH = 254;

const emailField = z
  .string()
  .trim()
  .min(1, "Enter your email address.")
  .max(EMAIL_MAX_LENGTH, "An email address has at most 254 characters.")
  .pipe(z.email("Enter a valid email address, like name@example.com."))
  .transform((email) => email.toLowerCase());

/** The longest password accepted anywhere, checked before any hashing (argon2 itself takes any length). */
export const PASSWORD_MAX_LENGTH = 1024;

/** For checking a password: anything goes, within reason. */
export const passwordField = z
  .string()
  .min(1, "Enter your password.")
  .max(PASSWORD_MAX_LENGTH, "A password has at most 1,024 characters.");

/** For choosing a password (NIST SP 800-63B: length, no composition rules). */
const newPasswordField = z
  .string()
  .min(12, "Use at least 12 characters.")
  .max(PASSWORD_MAX_LENGTH, "Use at most 1,024 characters.");

const personNameField = z
  .string()
  .trim()
  .min(1, "Enter a name.")
  .max(100, "A name has at most 100 characters.");

export const signInSchema = z.object({ email: emailField, password: passwordField });

/** The token of a mailed link: never hashed or looked up beyond this length. */
export const linkTokenField = z.string().min(1).max(200);

/** Sign-up's first step: only the address, which gets a link to continue. */
export const startSignUpSchema = z.object({ email: emailField });

/** Sign-up's second step, from the mailed link (the address is the link's). */
export const signUpSchema = z.object({
  token: linkTokenField,
  accountName: z.string().trim().min(1, "Enter your company or account name.").max(100, "Use at most 100 characters."),
  name: personNameField,
  password: newPasswordField,
});

/** `Continue with <provider>`: which one (checked against the configured ones), and the page to come back to. */
export const continueWithProviderSchema = z.object({ provider: z.string().max(40), next: z.string().max(2048).optional() });

/** Sign-up's last step after an identity provider (the address and the identity are the held sign-up's). */
export const providerSignUpSchema = signUpSchema.omit({ token: true });

export const changePasswordSchema = z
  .object({ currentPassword: passwordField, newPassword: newPasswordField })
  .refine((input) => input.currentPassword !== input.newPassword, {
    path: ["newPassword"],
    message: "Choose a password different from the current one.",
  });

export const addUserSchema = z.object({ name: personNameField, email: emailField });

export const forgotPasswordSchema = z.object({ email: emailField });

/** The new password of a reset; its second factor, when the user has one, is in lib/validations/two-factor.ts. */
export const resetPasswordFields = { token: linkTokenField, password: newPasswordField };

export const setPasswordSchema = z.object({
  token: linkTokenField,
  password: newPasswordField,
});
