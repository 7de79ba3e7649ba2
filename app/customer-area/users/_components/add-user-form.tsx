"use client";

import { useActionState } from "react";
import { addUserAction } from "../actions";
import { Field } from "@/components/ui/field";
import { FormStatus } from "@/components/ui/form-status";
import { SubmitButton } from "@/components/ui/submit-button";

export function AddUserForm() {
  const [state, formAction, isPending] = useActionState(addUserAction, null);
  const failed = state && !state.ok ? state : undefined;
  return (
    <form action={formAction} noValidate aria-describedby="add-user-status">
      <FormStatus
        id="add-user-status"
        error={failed?.error}
        success={state?.ok ? `${state.addedEmail} was added and got an email to set a password. They appear among the users once they have set it.` : undefined}
      />
      <Field
        name="name"
        label="Name"
        autoComplete="off"
        required
        maxLength={100}
        defaultValue={failed?.values?.name}
        errors={failed?.fieldErrors?.name}
      />
      <Field
        name="email"
        label="Email"
        type="email"
        autoComplete="off"
        required
        defaultValue={failed?.values?.email}
        errors={failed?.fieldErrors?.email}
      />
      <div>
        <SubmitButton pending={isPending} pendingLabel="Adding…">
          Add user
        </SubmitButton>
      </div>
    </form>
  );
}
