"use client";

import { CodeForm } from "@/components/two-factor/code-form";
import { postForm } from "@/components/ui/post-form";
import type { TwoFactorMethodType } from "@/lib/two-factor/methods";

/** The second step, a route (app/(auth)/sign-in/verify/code/route.ts). */
const codeStep = postForm<{ next: string }>("/sign-in/verify/code");

export function SignInCodeForm({ method }: { method: TwoFactorMethodType }) {
  return <CodeForm action={codeStep} hiddenFields={{ method }} />;
}
