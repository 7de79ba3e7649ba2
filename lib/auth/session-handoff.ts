import "server-only";
import { AsyncLocalStorage } from "node:async_hooks";
import type { ActionResult } from "@/lib/server-action";

/**
 * How a sign-in step that runs inside Auth.js (a Credentials provider's
 * `authorize`, auth.ts) talks to the route or action that started it
 * (lib/auth/sign-in-through-auth-js.ts): the step's answer for the form, and
 * the session it created, whose token Auth.js then writes as the session
 * cookie. Held per request, so that concurrent sign-ins never see each other's.
 */
export type StepHandoff = {
  /** What the form shows or where it goes next. */
  result?: ActionResult<{ next: string }>;
  /** Set by startSession (lib/auth/sign-in-cookies.ts) when the step created a session. */
  session?: { userId: string; sessionToken: string };
  /** What the step threw (a redirect, or a real failure), rethrown once Auth.js is done. */
  thrown?: unknown;
};

const handoffs = new AsyncLocalStorage<StepHandoff>();

export function runWithHandoff<T>(handoff: StepHandoff, run: () => Promise<T>): Promise<T> {
  return handoffs.run(handoff, run);
}

/** The handoff of the sign-in in progress; undefined outside one (a request that reached Auth.js some other way). */
export function currentHandoff(): StepHandoff | undefined {
  return handoffs.getStore();
}

/** Hands a new session's token to Auth.js, which writes the cookie. */
export function handOverSession(userId: string, sessionToken: string): void {
  const handoff = handoffs.getStore();
  if (!handoff) throw new Error("A session was created outside a sign-in through Auth.js (lib/auth/sign-in-through-auth-js.ts)");
  handoff.session = { userId, sessionToken };
}
