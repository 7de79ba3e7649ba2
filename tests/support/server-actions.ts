/**
 * The real server actions, routes and pages of the app, called as Next.js would
 * call them (tests/support/next-request.ts simulates the request, whose mocks
 * the test file declares): how to find them all, call them, and tell what they changed.
 */
import { randomUUID } from "node:crypto";
import { browser } from "@/tests/support/next-request";
import { db } from "@/lib/db";
import { SIGNED_OUT_REDIRECT } from "@/lib/server-action";
import { form } from "@/tests/support/public-requests";

export const SESSION_COOKIE = "session";

export type ServerAction = (previous: unknown, formData: FormData) => Promise<unknown>;

// Every actions.ts of the customer area, found by file name: a new one is covered without editing this test.
const actionModules = import.meta.glob<Record<string, unknown>>("/app/customer-area/**/actions.ts");
// Every server action of the app, signed in or not: the Origin rule holds for all of them.
const everyActionModule = import.meta.glob<Record<string, unknown>>("/app/**/actions.ts");
// The sign-in steps are routes that answer JSON (lib/form-route.ts); the same rules hold for them. (next-auth's
// own route, app/api/auth, answers the identity providers' callbacks: tests/integration/identity-providers.test.ts.)
export const formRouteModules = import.meta.glob<{ POST?: (request: Request) => Promise<Response> }>([
  "/app/**/route.ts",
  "!/app/api/**",
]);
export const pageModules = import.meta.glob<{ default: (props: unknown) => Promise<unknown> }>(
  "/app/customer-area/**/{page,layout}.tsx",
);

/** The exported functions of the given actions.ts modules, named by file and export. */
async function actionsOf(modules: Record<string, () => Promise<Record<string, unknown>>>) {
  const actions: [string, ServerAction][] = [];
  for (const [path, load] of Object.entries(modules)) {
    for (const [name, value] of Object.entries(await load())) {
      if (typeof value === "function") actions.push([`${path} ${name}`, value as ServerAction]);
    }
  }
  return actions;
}

export const allCustomerAreaActions = () => actionsOf(actionModules);
export const everyAction = () => actionsOf(everyActionModule);

export async function securityActions() {
  return import("@/app/customer-area/security/actions");
}

/** The browser holds this session's cookie, or none. */
export function signedInAs(session: { token: string } | null): void {
  if (session) browser.cookies.set(SESSION_COOKIE, session.token);
  else browser.cookies.delete(SESSION_COOKIE);
}

/** Next's redirect() throws an error whose digest names the target. */
export function redirectTarget(error: unknown): string | undefined {
  const digest = typeof error === "object" && error !== null && "digest" in error ? String(error.digest) : "";
  return digest.startsWith("NEXT_REDIRECT;") ? digest.split(";")[2] : undefined;
}

/** How an action answered: its result, or where it redirected. */
export async function callAction(action: ServerAction, formData: FormData) {
  try {
    return { result: await action(null, formData) };
  } catch (error) {
    const redirectedTo = redirectTarget(error);
    if (redirectedTo === undefined) throw error;
    return { redirectedTo };
  }
}

export function isRefusedForNoSession(answer: Awaited<ReturnType<typeof callAction>>): boolean {
  // Server actions send the browser to sign in again; signOutAction goes to the sign-in page itself.
  return "redirectedTo" in answer && (answer.redirectedTo === SIGNED_OUT_REDIRECT || answer.redirectedTo === "/sign-in");
}

/** Everything an action could change, for "nothing changed". */
export async function databaseState() {
  const [users, sessions, grants, pendingTotp, methods, emailCodes, events, mails, links, pendingSignIns, trustedBrowsers] =
    await Promise.all([
      db.user.findMany({ select: { id: true, passwordHash: true, primaryTwoFactorType: true }, orderBy: { id: "asc" } }),
      db.session.findMany({ select: { id: true }, orderBy: { id: "asc" } }),
      db.passwordGrant.count(),
      db.pendingTotpSetup.count(),
      db.twoFactorMethod.findMany({ select: { id: true }, orderBy: { id: "asc" } }),
      db.emailCode.count(),
      db.securityEvent.count(),
      db.devOutboxMail.count(),
      db.invitation.count(),
      db.pendingSignIn.findMany({ select: { id: true, consumedAt: true }, orderBy: { id: "asc" } }),
      db.trustedBrowser.findMany({ select: { id: true }, orderBy: { id: "asc" } }),
    ]);
  return { users, sessions, grants, pendingTotp, methods, emailCodes, events, mails, links, pendingSignIns, trustedBrowsers };
}

/** A form that would do harm if an action trusted it names the victim and knows their password. */
export function hostileForm(victim: { id: string; accountId: string; email: string; password: string }): FormData {
  return form({
    userId: victim.id,
    accountId: victim.accountId,
    email: victim.email,
    name: "Mallory",
    password: victim.password,
    currentPassword: victim.password,
    newPassword: "a-brand-new-password",
    code: "123456",
    method: "totp",
    primaryMethod: "email",
    sessionId: randomUUID(),
    trustedBrowserId: randomUUID(),
  });
}

