"use client";

import { useState } from "react";
import { CodeForm } from "@/components/two-factor/code-form";
import type { CodeFieldProps } from "@/components/ui/code-field";
import { Field } from "@/components/ui/field";
import { postForm } from "@/components/ui/post-form";
import { RECOVERY_CODE_INPUT_MAX_LENGTH } from "@/lib/two-factor/recovery-code-format";

/** The second step with a recovery code, a route (app/(auth)/sign-in/verify/recovery-code/route.ts). */
const recoveryCodeStep = postForm<{ next: string }>("/sign-in/verify/recovery-code");

/**
 * Letters and digits as saved: no numeric keyboard, no autocorrect, no autofill.
 * Kept in state, so a code with a typo stays on screen to be corrected.
 */
function RecoveryCodeField(props: CodeFieldProps) {
  const [value, setValue] = useState("");
  return (
    <Field
      name="code"
      label="Recovery code"
      autoComplete="off"
      autoCapitalize="characters"
      autoCorrect="off"
      spellCheck={false}
      maxLength={RECOVERY_CODE_INPUT_MAX_LENGTH}
      required
      className="code-input recovery-code-input"
      value={value}
      onChange={(event) => setValue(event.target.value)}
      {...props}
    />
  );
}

/** "Use a recovery code": one of the codes saved when two-factor authentication was turned on. */
export function RecoveryCodeForm() {
  return (
    <CodeForm
      action={recoveryCodeStep}
      field={RecoveryCodeField}
      hint="One of the codes you saved. Letter case and dashes do not matter."
    />
  );
}
