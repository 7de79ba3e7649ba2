"use client";

import Link from "next/link";
import { useActionState } from "react";
import { Field } from "@/components/ui/field";
import { FormStatus } from "@/components/ui/form-status";
import { LocalTime } from "@/components/ui/local-time";
import { SubmitButton } from "@/components/ui/submit-button";
import { setTwoFactorRequirementAction } from "../actions";

type TwoFactorRequirementFormProps = {
  /** The account's deadline (ISO) and whether it has passed; null while not required. */
  requirement: { requiredFrom: string; deadlinePassed: boolean } | null;
  ownerHasTwoFactor: boolean;
};

const GRACE_OPTIONS = [
  { days: "0", label: "No grace period: from now on" },
  { days: "7", label: "7 days" },
  { days: "14", label: "14 days" },
  { days: "30", label: "30 days" },
];

function mailsText(notDelivered: number): string {
  return notDelivered === 0
    ? " Every user who has set a password got a mail about it."
    : ` ${notDelivered} of the mails about it could not be sent.`;
}

/** `Require two-factor authentication` for the whole account, with a grace period, or stop requiring it; the owner's password each time. */
export function TwoFactorRequirementForm({ requirement, ownerHasTwoFactor }: TwoFactorRequirementFormProps) {
  const [state, formAction, isPending] = useActionState(setTwoFactorRequirementAction, null);
  const failed = state && !state.ok ? state : undefined;
  const success = state?.ok
    ? `${state.requiredFrom ? "Two-factor authentication is now required." : "Two-factor authentication is no longer required."}${mailsText(state.notDelivered)}`
    : undefined;
  const required = requirement !== null;
  const fieldError = failed?.fieldErrors?.password ?? failed?.fieldErrors?.graceDays;
  return (
    <form action={formAction} noValidate aria-describedby="requirement-status" className="requirement-form">
      {requirement ? (
        <p>
          Required of every user {requirement.deadlinePassed ? "since" : "from"}{" "}
          <LocalTime date={new Date(requirement.requiredFrom)} />. Users without it see a notice with this date; after it, signing in takes them
          to the setup before anything else.
        </p>
      ) : (
        <p>
          Every user of the account without two-factor authentication gets a mail and, on every page, a notice with the
          deadline. After it, signing in takes them to set up a method before anything else.
        </p>
      )}
      <input type="hidden" name="required" value={required ? "off" : "on"} />
      {!required && !ownerHasTwoFactor && (
        <p className="alert alert-info">
          Turn on two-factor authentication for your own user first, on{" "}
          <Link href="/customer-area/security">Security and access</Link>.
        </p>
      )}
      {!required && (
        <fieldset aria-describedby={failed?.fieldErrors?.graceDays ? "grace-error" : undefined}>
          <legend>Grace period</legend>
          {GRACE_OPTIONS.map((option) => (
            <label key={option.days} className="radio-option">
              <input
                type="radio"
                name="graceDays"
                value={option.days}
                defaultChecked={(failed?.values?.graceDays ?? "14") === option.days}
              />
              {option.label}
            </label>
          ))}
          {failed?.fieldErrors?.graceDays && (
            <p className="field-error" id="grace-error">
              {failed.fieldErrors.graceDays.join(" ")}
            </p>
          )}
        </fieldset>
      )}
      <Field
        id="requirement-password"
        name="password"
        label="Your password"
        type="password"
        autoComplete="current-password"
        required
        errors={failed?.fieldErrors?.password}
        formErrorId={failed && !fieldError ? "requirement-status" : undefined}
      />
      <FormStatus id="requirement-status" error={fieldError ? undefined : failed?.error} success={success} />
      <div className="form-actions">
        <SubmitButton
          pending={isPending}
          variant={required ? "secondary" : "primary"}
          disabled={!required && !ownerHasTwoFactor}
        >
          {required ? "Stop requiring two-factor authentication" : "Require two-factor authentication"}
        </SubmitButton>
      </div>
    </form>
  );
}
