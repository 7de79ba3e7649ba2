"use client";

import { RECOVERY_CODE_HINT, RecoveryCodeField } from "@/components/two-factor/recovery-code-field";
import { CodeForm } from "@/components/two-factor/code-form";
import { postForm } from "@/components/ui/post-form";

/** The second step with a recovery code, a route (app/(auth)/sign-in/verify/recovery-code/route.ts). */
const recoveryCodeStep = postForm<{ next: string }>("/sign-in/verify/recovery-code");

/** "Use a recovery code": one of the codes saved when two-factor authentication was turned on. */
export function RecoveryCodeForm() {
  return <CodeForm action={recoveryCodeStep} field={RecoveryCodeField} hint={RECOVERY_CODE_HINT} />;
}
