import "server-only";
import { CredentialsSignin } from "next-auth";
import { signIn } from "@/auth";
import { runWithHandoff, type StepHandoff } from "@/lib/auth/session-handoff";
import type { ActionResult, FormAction } from "@/lib/server-action";

/** The Credentials providers of auth.ts (lib/auth/credentials-providers.ts). */
export type CredentialsProviderId = "password" | "second-factor" | "sign-up";

type StepResult = ActionResult<{ next: string }>;

/**
 * A sign-in step as a form action (for a route, lib/form-route.ts, or a server
 * action) that runs through next-auth: `signIn(provider)` calls the provider's
 * `authorize`, which runs the step and answers through the handoff
 * (lib/auth/session-handoff.ts); when the step created a session, Auth.js
 * writes its cookie. `fixed` fields are set here, whatever the form sent.
 */
export function throughAuthJs(provider: CredentialsProviderId, fixed: Record<string, string> = {}): FormAction<{ next: string }> {
  return async (_previous, formData) => {
    const fields: Record<string, string> = {};
    for (const [name, value] of formData.entries()) {
      if (typeof value === "string" && !name.startsWith("$ACTION")) fields[name] = value;
    }
    return signInThroughAuthJs(provider, { ...fields, ...fixed });
  };
}

async function signInThroughAuthJs(provider: CredentialsProviderId, fields: Record<string, string>): Promise<StepResult> {
  const handoff: StepHandoff = {};
  try {
    await runWithHandoff(handoff, () => signIn(provider, { ...fields, redirect: false }));
  } catch (error) {
    // No session: `authorize` answered null, and the handoff says why.
    if (!(error instanceof CredentialsSignin)) throw error;
  }
  if (handoff.thrown !== undefined) throw handoff.thrown; // a redirect, or a real failure, keeps its meaning
  if (!handoff.result) throw new Error(`The ${provider} step gave no answer`);
  return handoff.result;
}

/** Runs a step inside a Credentials provider's `authorize` (auth.ts): its answer goes to the handoff. */
export async function authorizeStep(
  handoff: StepHandoff | undefined,
  step: FormAction<{ next: string }>,
  credentials: Partial<Record<string, unknown>>,
) {
  // Auth.js's own /api/auth/callback/<id> reaches authorize without one: those doors stay shut.
  if (!handoff) return null;
  const fields = new URLSearchParams();
  for (const [name, value] of Object.entries(credentials)) {
    // callbackUrl is Auth.js's own field (signIn adds it), not the form's.
    if (typeof value === "string" && name !== "callbackUrl") fields.append(name, value);
  }
  try {
    handoff.result = await step(null, fields);
  } catch (error) {
    handoff.thrown = error;
    return null;
  }
  return handoff.session ? { id: handoff.session.userId, sessionToken: handoff.session.sessionToken } : null;
}
