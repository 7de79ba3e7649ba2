"use client";

import { startAuthentication } from "@simplewebauthn/browser";
import { useActionState } from "react";
import { browserPromptMessage } from "@/components/two-factor/browser-prompt-error";
import { FormStatus } from "@/components/ui/form-status";
import { postForm } from "@/components/ui/post-form";
import { SubmitButton } from "@/components/ui/submit-button";
import { useFollowNext } from "@/components/ui/use-follow-next";
import type { ActionResult } from "@/lib/server-action";
import { startSecurityKeySignInAction } from "../actions";
import { TrustThisBrowser } from "./sign-in-code-form";

/** The second step with a key, a route like the code step (app/(auth)/sign-in/verify/security-key/route.ts). */
const securityKeyStep = postForm<{ next: string }>("/sign-in/verify/security-key");

type Answer = ActionResult<{ next: string }> & { values?: Record<string, string> };

/**
 * `Use security key or passkey`: the server's challenge for this pending
 * sign-in, the browser's own prompt, then its answer to the server. A closed
 * prompt changes nothing and costs no try.
 */
async function signInWithSecurityKey(_previous: Answer | null, formData: FormData): Promise<Answer> {
  const started = await startSecurityKeySignInAction(null, new FormData());
  if (!started.ok) return started;
  let response;
  try {
    response = await startAuthentication({ optionsJSON: started.options });
  } catch (error) {
    return { ok: false, error: browserPromptMessage(error), values: { trustBrowser: String(formData.get("trustBrowser") ?? "") } };
  }
  const answer = new FormData();
  answer.set("response", JSON.stringify(response));
  if (formData.get("trustBrowser") === "on") answer.set("trustBrowser", "on");
  return securityKeyStep(null, answer);
}

export function SecurityKeySignIn() {
  const [state, formAction, isPending] = useActionState(signInWithSecurityKey, null);
  useFollowNext(state);
  const failed = state && !state.ok ? state : undefined;
  return (
    <form action={formAction} noValidate className="stack" aria-describedby="security-key-status">
      <p>
        Use your security key or passkey: click the button, then follow your browser&apos;s prompt (touch the key, or
        confirm with your phone or computer).
      </p>
      <TrustThisBrowser keptValues={failed?.values} />
      <FormStatus id="security-key-status" error={failed?.error} />
      <div className="form-actions">
        <SubmitButton pending={isPending || state?.ok === true}>Use security key or passkey</SubmitButton>
      </div>
    </form>
  );
}
