"use client";

import { useState } from "react";
import type { CodeFieldProps } from "@/components/ui/code-field";
import { Field } from "@/components/ui/field";
import { RECOVERY_CODE_INPUT_MAX_LENGTH } from "@/lib/two-factor/recovery-code-format";

export const RECOVERY_CODE_HINT = "One of the codes you saved. Letter case and dashes do not matter.";

/**
 * The `Recovery code` field of sign-in and of a password reset: letters and
 * digits as saved, so no numeric keyboard, no autocorrect, no autofill. Kept
 * in state, so a code with a typo stays on screen to be corrected.
 */
export function RecoveryCodeField(props: CodeFieldProps) {
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
