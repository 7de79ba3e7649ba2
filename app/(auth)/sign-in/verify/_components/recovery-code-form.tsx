"use client";

import { RECOVERY_CODE_HINT, RecoveryCodeField } from "@/components/two-factor/recovery-code-field";
import { CodeForm } from "@/components/two-factor/code-form";
import { postForm } from "@/components/ui/post-form";
import type { ActionFailure } from "@/lib/server-action";

/** The second step with a recovery code, a route (app/(auth)/sign-in/verify/recovery-code/route.ts). */
const RECOVERY_CODE_STEP = "/sign-in/verify/recovery-code";
const recoveryCodeStep = postForm<{ next: string }>(RECOVERY_CODE_STEP);

/** "Use a recovery code": one of the codes saved when two-factor authentication was turned on. */
export function RecoveryCodeForm({ initialFailure }: { initialFailure?: ActionFailure | null }) {
  return (
    <CodeForm
      action={recoveryCodeStep}
      postTo={RECOVERY_CODE_STEP}
      initialFailure={initialFailure}
      field={RecoveryCodeField}
      hint={RECOVERY_CODE_HINT}
    />
  );
}
