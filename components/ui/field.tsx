import type { InputHTMLAttributes } from "react";
import { EMAIL_MAX_LENGTH, PASSWORD_MAX_LENGTH } from "@/lib/validations/auth";

/** The same limits as the server's schemas, so a browser cannot even type past them. */
const DEFAULT_MAX_LENGTH: Record<string, number> = { password: PASSWORD_MAX_LENGTH, email: EMAIL_MAX_LENGTH };

type FieldProps = InputHTMLAttributes<HTMLInputElement> & {
  name: string;
  label: string;
  errors?: string[];
  hint?: string;
  /** The id of a form-level error that is about this field (e.g. "that code is not correct"). */
  formErrorId?: string;
};

/** A labelled input whose hint and errors are read out with it (aria-describedby). */
export function Field({ name, label, errors, hint, formErrorId, id, ...input }: FieldProps) {
  const inputId = id ?? `field-${name}`;
  const hintId = hint ? `${inputId}-hint` : undefined;
  const errorId = errors?.length ? `${inputId}-error` : formErrorId;
  return (
    <div className="field">
      <label htmlFor={inputId}>{label}</label>
      {hint && (
        <p className="field-hint" id={hintId}>
          {hint}
        </p>
      )}
      <input
        id={inputId}
        name={name}
        aria-invalid={errorId ? true : undefined}
        aria-describedby={[hintId, errorId].filter(Boolean).join(" ") || undefined}
        maxLength={DEFAULT_MAX_LENGTH[input.type ?? ""]}
        {...input}
      />
      {errors?.length ? (
        <p className="field-error" id={errorId}>
          {errors.join(" ")}
        </p>
      ) : null}
    </div>
  );
}
