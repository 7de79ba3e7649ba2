"use client";

import { type ComponentType, type ReactNode, useActionState, useEffect, useId } from "react";
import { CodeField, type CodeFieldProps } from "@/components/ui/code-field";
import { FormStatus } from "@/components/ui/form-status";
import { DialogCancelButton } from "@/components/ui/modal-dialog";
import { SubmitButton } from "@/components/ui/submit-button";
import { plainFormProps } from "@/components/ui/post-form";
import { useFollowNext } from "@/components/ui/use-follow-next";
import type { ActionFailure, FormAction } from "@/lib/server-action";

type CodeFormProps<T extends object> = {
  action: FormAction<T>;
  /** A step that is a route (lib/form-route.ts): the form posts there itself when JavaScript is off. */
  postTo?: string;
  /** The failure a plain post of this form left (lib/form-flash.ts), shown as if it had just happened. */
  initialFailure?: ActionFailure | null;
  onSuccess?: (result: { ok: true } & T) => void;
  hint?: string;
  /** Sent along with the code, e.g. which method it belongs to. */
  hiddenFields?: Record<string, string>;
  /** More fields under the code (a checkbox); given what the user had entered when the last try failed, to keep it. */
  options?: (keptValues: Record<string, string> | undefined) => ReactNode;
  /** Beside the `Verify code` button. */
  children?: ReactNode;
  /** The field the code is typed into: the 6-digit code unless said otherwise (a recovery code). */
  field?: ComponentType<CodeFieldProps>;
  /** Focus the code field at once; off where the user has something to do first (scan a QR code). */
  autoFocus?: boolean;
};

/**
 * "Enter the code in the 6-digit verification code field and click Verify
 * code": the setup dialogs and the sign-in step alike.
 */
export function CodeForm<T extends object>({
  action,
  postTo,
  initialFailure = null,
  onSuccess,
  hint,
  hiddenFields = {},
  options,
  children,
  field: CodeInput = CodeField,
  autoFocus = true,
}: CodeFormProps<T>) {
  const [state, formAction, isPending] = useActionState(action, initialFailure);
  const failed = state && !state.ok ? state : undefined;
  const statusId = useId();
  useFollowNext(state);

  useEffect(() => {
    if (state?.ok) onSuccess?.(state);
  }, [state, onSuccess]);

  return (
    <form {...(postTo ? plainFormProps(postTo, formAction) : { action: formAction })} noValidate aria-describedby={statusId}>
      {Object.entries(hiddenFields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <CodeInput
        hint={hint}
        errors={failed?.fieldErrors?.code}
        formErrorId={failed && !failed.fieldErrors?.code ? statusId : undefined}
        autoFocus={autoFocus}
      />
      <FormStatus id={statusId} error={failed?.fieldErrors?.code ? undefined : failed?.error} />
      {options?.(failed?.values)}
      <div className="form-actions">
        {children}
        <DialogCancelButton />
        <SubmitButton pending={isPending}>Verify code</SubmitButton>
      </div>
    </form>
  );
}
