import { Field } from "@/components/ui/field";

export type CodeFieldProps = { errors?: string[]; hint?: string; autoFocus?: boolean; formErrorId?: string };

/** The one field for a 6-digit code: numeric keyboard, autofill from SMS/mail, paste allowed, spaces ignored by the server. */
export function CodeField({ errors, hint, autoFocus, formErrorId }: CodeFieldProps) {
  return (
    <Field
      name="code"
      label="6-digit verification code"
      inputMode="numeric"
      autoComplete="one-time-code"
      pattern="[0-9 ]*"
      maxLength={12}
      required
      autoFocus={autoFocus}
      hint={hint}
      errors={errors}
      formErrorId={formErrorId}
      className="code-input"
    />
  );
}
