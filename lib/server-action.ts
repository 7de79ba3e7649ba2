import "server-only";
import { z } from "zod";
import { AuthError, waitMessage } from "@/lib/auth/auth-error";
import { currentSession } from "@/lib/auth/current-session";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { findPendingSignIn, PENDING_SIGN_IN_COOKIE } from "@/lib/auth/pending-sign-in";
import type { ActiveSession } from "@/lib/auth/sessions";
import { MailDeliveryError } from "@/lib/mail/send-mail";
import { requestContext, type RequestContext } from "@/lib/request-context";
import { twoFactorErrorMessage } from "@/lib/two-factor/error-message";
import { TwoFactorError } from "@/lib/two-factor/two-factor-error";

/**
 * Every server action goes through one of these wrappers, so none can forget
 * to authenticate or validate. The signed-in user always comes from the
 * session; nothing the browser sends can name another user.
 */

export type FieldErrors = Record<string, string[] | undefined>;
/** `values` gives the form back what the user typed (never passwords or codes), so nothing is lost on failure. */
export type ActionFailure = { ok: false; error: string; fieldErrors?: FieldErrors; values?: Record<string, string> };
export type ActionResult<T extends object = object> = ({ ok: true } & T) | ActionFailure;

/** Where an action sends a browser whose session has ended (expired, revoked, or never there). */
export const SIGNED_OUT_REDIRECT = "/sign-in?session-ended=1";

const genericMessages: Record<AuthError["code"], string> = {
  INVALID_CREDENTIALS: "The email or password is incorrect.",
  WRONG_PASSWORD: "The password is incorrect.",
  THROTTLED: "",
  EMAIL_TAKEN: "An account with this email already exists. Sign in instead.",
  LINK_INVALID: "This link is invalid or has expired. Ask the account owner for a new one.",
  NOT_ALLOWED: "You are not allowed to do this.",
};

export function failure(error: string, fieldErrors?: FieldErrors): ActionFailure {
  return fieldErrors ? { ok: false, error, fieldErrors } : { ok: false, error };
}

export const MAIL_FAILED_MESSAGE =
  "We could not send the email right now, so nothing was changed. Try again in a moment.";

export function messageForAuthError(error: AuthError): string {
  return error.code === "THROTTLED" ? waitMessage(error.retryAt) : genericMessages[error.code];
}

/** The message for a typed failure from lib/, or undefined for anything else (which is rethrown). */
function messageForKnownError(error: unknown): string | undefined {
  if (error instanceof AuthError) return messageForAuthError(error);
  if (error instanceof TwoFactorError) return twoFactorErrorMessage(error);
  if (error instanceof MailDeliveryError) return MAIL_FAILED_MESSAGE;
  return undefined;
}

/** Password fields come back with the error, never with the value. */
function invalidInput(error: z.ZodError): ActionFailure {
  return failure("Check the highlighted fields.", z.flattenError(error).fieldErrors as FieldErrors);
}

function formValues(formData: FormData): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [name, value] of formData.entries()) {
    if (typeof value === "string" && !name.startsWith("$ACTION")) values[name] = value;
  }
  return values;
}

const SECRET_FIELD = /password|code|token/i;

function keptValues(formData: FormData): Record<string, string> {
  return Object.fromEntries(Object.entries(formValues(formData)).filter(([name]) => !SECRET_FIELD.test(name)));
}

async function run<T extends object>(formData: FormData, work: () => Promise<ActionResult<T>>): Promise<ActionResult<T>> {
  let result: ActionResult<T>;
  try {
    result = await work();
  } catch (error) {
    const message = messageForKnownError(error);
    if (message === undefined) throw error; // redirects and real failures keep their meaning
    result = failure(message);
  }
  return result.ok ? result : { ...result, values: keptValues(formData) };
}

export type UserActionContext = { session: ActiveSession; request: RequestContext };

export function userAction<Schema extends z.ZodType, T extends object>(
  schema: Schema,
  handler: (input: z.output<Schema>, context: UserActionContext) => Promise<ActionResult<T>>,
) {
  return async (_previous: unknown, formData: FormData): Promise<ActionResult<T>> => {
    const session = await currentSession();
    if (!session) redirect(SIGNED_OUT_REDIRECT);
    const parsed = schema.safeParse(formValues(formData));
    if (!parsed.success) return { ...invalidInput(parsed.error), values: keptValues(formData) };
    const request = await requestContext();
    return run(formData, () => handler(parsed.data, { session, request }));
  };
}

/** Owners only; members get the same answer as for a missing page. */
export function ownerAction<Schema extends z.ZodType, T extends object>(
  schema: Schema,
  handler: (input: z.output<Schema>, context: UserActionContext) => Promise<ActionResult<T>>,
) {
  return userAction(schema, async (input, context) =>
    context.session.user.role === "owner" ? handler(input, context) : failure(genericMessages.NOT_ALLOWED),
  );
}

export function publicAction<Schema extends z.ZodType, T extends object>(
  schema: Schema,
  handler: (input: z.output<Schema>, request: RequestContext) => Promise<ActionResult<T>>,
) {
  return async (_previous: unknown, formData: FormData): Promise<ActionResult<T>> => {
    const parsed = schema.safeParse(formValues(formData));
    if (!parsed.success) return { ...invalidInput(parsed.error), values: keptValues(formData) };
    const request = await requestContext();
    return run(formData, () => handler(parsed.data, request));
  };
}

export type PendingSignInContext = {
  pendingSignIn: NonNullable<Awaited<ReturnType<typeof findPendingSignIn>>>;
  pendingSignInToken: string;
  request: RequestContext;
};

/**
 * For /sign-in/verify: the only thing a correct password without the second
 * factor unlocks. Without a live pending sign-in it sends the browser back to
 * the password step.
 */
export function pendingSignInAction<Schema extends z.ZodType, T extends object>(
  schema: Schema,
  handler: (input: z.output<Schema>, context: PendingSignInContext) => Promise<ActionResult<T>>,
) {
  return async (_previous: unknown, formData: FormData): Promise<ActionResult<T>> => {
    const pendingSignInToken = (await cookies()).get(PENDING_SIGN_IN_COOKIE)?.value;
    const pendingSignIn = await findPendingSignIn(pendingSignInToken);
    if (!pendingSignIn || !pendingSignInToken) redirect("/sign-in?ended=1");
    const parsed = schema.safeParse(formValues(formData));
    if (!parsed.success) return { ...invalidInput(parsed.error), values: keptValues(formData) };
    const request = await requestContext();
    return run(formData, () => handler(parsed.data, { pendingSignIn, pendingSignInToken, request }));
  };
}
