import "server-only";
import Credentials from "next-auth/providers/credentials";
import { currentHandoff } from "@/lib/auth/session-handoff";
import { authorizeStep } from "@/lib/auth/sign-in-through-auth-js";
import { PASSWORD_STEP, SECOND_FACTOR_STEPS, SIGN_UP_STEPS } from "@/lib/auth/sign-in-steps";

/**
 * The Credentials providers of auth.ts: the password (our argon2id, attempt
 * limits and trusted browsers, lib/auth/sign-in-with-password.ts), the second
 * factor, and sign-up's last step. Each `authorize` runs the step; it answers
 * a user only when the step created a session (lib/auth/session-handoff.ts).
 */

function pick<Steps extends Record<string, unknown>>(steps: Steps, name: unknown): Steps[keyof Steps] | undefined {
  return typeof name === "string" && Object.hasOwn(steps, name) ? steps[name as keyof Steps] : undefined;
}

export const CREDENTIALS_PROVIDERS = [
  Credentials({
    id: "password",
    name: "Password",
    credentials: { email: {}, password: {}, next: {} },
    authorize: (credentials) => authorizeStep(currentHandoff(), PASSWORD_STEP, credentials),
  }),
  Credentials({
    id: "second-factor",
    name: "Second factor",
    credentials: { step: {}, method: {}, code: {}, trustBrowser: {}, response: {} },
    async authorize(credentials) {
      const step = pick(SECOND_FACTOR_STEPS, credentials.step);
      return step ? authorizeStep(currentHandoff(), step, credentials) : null;
    },
  }),
  Credentials({
    id: "sign-up",
    name: "Sign-up",
    credentials: { from: {}, token: {}, accountName: {}, name: {}, password: {} },
    async authorize(credentials) {
      const step = pick(SIGN_UP_STEPS, credentials.from);
      return step ? authorizeStep(currentHandoff(), step, credentials) : null;
    },
  }),
];
