import "server-only";
import { redirect } from "next/navigation";
import { z } from "zod";
import { currentSession } from "@/lib/auth/current-session";
import { findPendingSignIn } from "@/lib/auth/pending-sign-in";
import type { ActiveSession } from "@/lib/auth/sessions";
import { pendingSignInCookie } from "@/lib/auth/sign-in-cookies";
import { mustSetUpTwoFactor, TWO_FACTOR_SETUP_PATH } from "@/lib/auth/two-factor-requirement";
import { messageForCode, messageForError } from "@/lib/error-messages";
import { isAppOrigin } from "@/lib/app-origin";
import { requestContext, type RequestContext } from "@/lib/request-context";
import { headers } from "next/headers";

/**
 * Every server action goes through one of these wrappers, so none can forget
 * to authenticate or validate. The signed-in user always comes from the
 * session; nothing the browser sends can name another user.
 */

export type FieldErrors = Record<string, string[] | undefined>;
/** `values` gives the form back what the user typed (never passwords or codes), so nothing is lost on failure. */
export type ActionFailure = { ok: false; error: string; fieldErrors?: FieldErrors; values?: Record<string, string> };
export type ActionResult<T extends object = object> = ({ ok: true } & T) | ActionFailure;
/** A form's fields: FormData from a server action, URL-encoded fields from a form route (lib/form-route.ts). */
export type FormFields = FormData | URLSearchParams;
export type FormAction<T extends object = object> = (previous: unknown, formData: FormFields) => Promise<ActionResult<T>>;

/** Where an action sends a browser whose session has ended (expired, revoked, or never there). */
export const SIGNED_OUT_REDIRECT = "/sign-in?session-ended=1";
/** Where the second step sends a browser whose pending sign-in has ended. */
export const SIGN_IN_ENDED_REDIRECT = "/sign-in?ended=1";

/** Said to a request whose Origin is not the app's (a forged form, a script elsewhere, no Origin at all). */
export const FOREIGN_ORIGIN_MESSAGE = "This request did not come from the customer area. Reload the page and try again.";

export function failure(error: string, fieldErrors?: FieldErrors): ActionFailure {
  return fieldErrors ? { ok: false, error, fieldErrors } : { ok: false, error };
}

function formValues(formData: FormFields): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [name, value] of formData.entries()) {
    if (typeof value === "string" && !name.startsWith("$ACTION")) values[name] = value;
  }
  return values;
}

const SECRET_FIELD = /password|code|token/i;

/**
 * Control characters (NUL among them) that no form field holds: PostgreSQL
 * refuses NUL in text, which would otherwise surface as a 500. Tab and line
 * breaks stay allowed.
 */
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
export const CONTROL_CHARACTER_MESSAGE = "Remove the invisible control characters from this field.";

/** Every field that holds a control character, with its error, before the schema (or the database) sees it. */
function controlCharacterErrors(values: Record<string, string>): FieldErrors | undefined {
  const fields = Object.keys(values).filter((name) => CONTROL_CHARACTERS.test(values[name]!));
  return fields.length > 0 ? Object.fromEntries(fields.map((name) => [name, [CONTROL_CHARACTER_MESSAGE]])) : undefined;
}

function keptValues(formData: FormFields): Record<string, string> {
  return Object.fromEntries(Object.entries(formValues(formData)).filter(([name]) => !SECRET_FIELD.test(name)));
}

/**
 * The one body of every action: who is asking (`authenticate` redirects when
 * nobody may), the input checked against `schema`, then the handler, whose
 * typed failures from lib/ become messages. Password fields come back with
 * the error, never with the value.
 */
function defineAction<Caller extends object, Schema extends z.ZodType, T extends object>(
  authenticate: () => Promise<Caller>,
  schema: Schema,
  handler: (input: z.output<Schema>, context: Caller & { request: RequestContext }) => Promise<ActionResult<T>>,
): FormAction<T> {
  return async (_previous, formData) => {
    // Next.js lets a server action without an Origin header through; nothing here acts on one.
    if (!isAppOrigin((await headers()).get("origin"))) return failure(FOREIGN_ORIGIN_MESSAGE);
    const caller = await authenticate();
    const values = formValues(formData);
    const refused = controlCharacterErrors(values);
    const parsed = refused ? undefined : schema.safeParse(values);
    let result: ActionResult<T>;
    if (!parsed) {
      result = failure("Check the highlighted fields.", refused);
    } else if (!parsed.success) {
      result = failure("Check the highlighted fields.", z.flattenError(parsed.error).fieldErrors as FieldErrors);
    } else {
      try {
        result = await handler(parsed.data, { ...caller, request: await requestContext() });
      } catch (error) {
        const message = messageForError(error);
        if (message === undefined) throw error; // redirects and real failures keep their meaning
        result = failure(message);
      }
    }
    return result.ok ? result : { ...result, values: keptValues(formData) };
  };
}

async function requireActionSession(): Promise<{ session: ActiveSession }> {
  const session = await currentSession();
  if (!session) redirect(SIGNED_OUT_REDIRECT);
  return { session };
}

/** Past the account's deadline, a user without two-factor authentication is sent to set it up, whatever they asked. */
async function requireSessionWithRequiredTwoFactor(): Promise<{ session: ActiveSession }> {
  const caller = await requireActionSession();
  if (mustSetUpTwoFactor(caller.session)) redirect(TWO_FACTOR_SETUP_PATH);
  return caller;
}

export type UserActionContext = { session: ActiveSession; request: RequestContext };

export function userAction<Schema extends z.ZodType, T extends object>(
  schema: Schema,
  handler: (input: z.output<Schema>, context: UserActionContext) => Promise<ActionResult<T>>,
): FormAction<T> {
  return defineAction(requireSessionWithRequiredTwoFactor, schema, handler);
}

/**
 * The few actions a user who must set up two-factor authentication can still
 * use: turning on a method (its password step, code and resend) and signing out.
 */
export function twoFactorSetupAction<Schema extends z.ZodType, T extends object>(
  schema: Schema,
  handler: (input: z.output<Schema>, context: UserActionContext) => Promise<ActionResult<T>>,
): FormAction<T> {
  return defineAction(requireActionSession, schema, handler);
}

/** Owners only; members get the same answer as for a missing page. */
export function ownerAction<Schema extends z.ZodType, T extends object>(
  schema: Schema,
  handler: (input: z.output<Schema>, context: UserActionContext) => Promise<ActionResult<T>>,
): FormAction<T> {
  return userAction(schema, async (input, context) =>
    context.session.user.role === "owner" ? handler(input, context) : failure(messageForCode("NOT_ALLOWED")),
  );
}

export function publicAction<Schema extends z.ZodType, T extends object>(
  schema: Schema,
  handler: (input: z.output<Schema>, context: { request: RequestContext }) => Promise<ActionResult<T>>,
): FormAction<T> {
  return defineAction(async () => ({}), schema, handler);
}

type LivePendingSignIn = NonNullable<Awaited<ReturnType<typeof findPendingSignIn>>>;
export type PendingSignInContext = { pendingSignIn: LivePendingSignIn; pendingSignInToken: string; request: RequestContext };

async function requirePendingSignIn(): Promise<Omit<PendingSignInContext, "request">> {
  const pendingSignInToken = await pendingSignInCookie();
  const pendingSignIn = await findPendingSignIn(pendingSignInToken);
  if (!pendingSignIn || !pendingSignInToken) redirect(SIGN_IN_ENDED_REDIRECT);
  return { pendingSignIn, pendingSignInToken };
}

/**
 * The second sign-in step (a route, see lib/form-route.ts): the handler gets
 * the pending sign-in's cookie and checks it itself, in the statement that
 * reserves its try, so the pending sign-in is read once per attempt.
 */
export function pendingSignInStep<Schema extends z.ZodType, T extends object>(
  schema: Schema,
  handler: (
    input: z.output<Schema>,
    context: { pendingSignInToken: string | undefined; request: RequestContext },
  ) => Promise<ActionResult<T>>,
): FormAction<T> {
  return defineAction(async () => ({ pendingSignInToken: await pendingSignInCookie() }), schema, handler);
}

/**
 * For /sign-in/verify: the only thing a correct password without the second
 * factor unlocks. Without a live pending sign-in it sends the browser back to
 * the password step.
 */
export function pendingSignInAction<Schema extends z.ZodType, T extends object>(
  schema: Schema,
  handler: (input: z.output<Schema>, context: PendingSignInContext) => Promise<ActionResult<T>>,
): FormAction<T> {
  return defineAction(requirePendingSignIn, schema, handler);
}
