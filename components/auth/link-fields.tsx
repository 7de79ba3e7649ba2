import type { ChangeEventHandler } from "react";
import { Field } from "@/components/ui/field";

/**
 * What every form opened from a mailed link sends besides its own fields (set
 * password, reset password, sign-up): the link's token, and the address as a
 * username, so that password managers file the new password under the right account.
 */
export function LinkIdentity({ token, email }: { token: string; email: string }) {
  return (
    <>
      <input type="hidden" name="token" value={token} />
      <input type="hidden" name="username" autoComplete="username" value={email} readOnly />
    </>
  );
}

type NewPasswordFieldProps = {
  errors?: string[];
  label?: string;
  hint?: string;
  autoFocus?: boolean;
  /** Held by the form where a failure must not empty the field (a wrong code on the same form). */
  value?: string;
  onChange?: ChangeEventHandler<HTMLInputElement>;
};

/** The one field for choosing a password (12 to 1,024 characters, checked again on the server). */
export function NewPasswordField({
  errors,
  label = "New password",
  hint = "At least 12 characters.",
  autoFocus,
  value,
  onChange,
}: NewPasswordFieldProps) {
  return (
    <Field
      name="password"
      label={label}
      type="password"
      autoComplete="new-password"
      required
      autoFocus={autoFocus}
      hint={hint}
      errors={errors}
      value={value}
      onChange={onChange}
    />
  );
}
