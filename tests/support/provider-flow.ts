/**
 * A browser's trip through an identity provider, for integration tests: the
 * action that sends it to the provider, the provider's pages (Demo SSO,
 * tests/support/identity-provider.ts), and next-auth's callback route called
 * as Next.js calls it, with this browser's cookies.
 *
 * The simulated request is tests/support/next-request.ts's, plus headers a
 * test sets in `extraHeaders` (a client address, a forged Host). A test file
 * that uses them declares next/headers from here instead:
 *
 *   vi.mock("next/headers", () => import("@/tests/support/provider-flow").then((flow) => flow.nextHeaders));
 *
 * Nothing here imports the app at load: the next/headers mock loads this
 * module, and lib/config.ts reads the provider's variables at its first call,
 * which the test file makes after starting the provider.
 */
import { beforeEach } from "vitest";
import type { NextRequest } from "next/server";
import { APP_ORIGIN, browser, nextHeaders as plainNextHeaders } from "@/tests/support/next-request";
import { authorizeAtProvider } from "@/tests/support/identity-provider";
import type { ServerAction } from "@/tests/support/server-actions";

/** Headers every request of this browser carries on top of next-request.ts's; reset before each test. */
export const extraHeaders = new Headers();

let clientNumber = 0;

/** An address of its own for each test, so that one test's failed callbacks never throttle another's. */
export function freshClientAddress(): string {
  clientNumber += 1;
  return `192.0.2.${clientNumber % 250}`;
}

beforeEach(() => {
  for (const name of [...extraHeaders.keys()]) extraHeaders.delete(name);
  extraHeaders.set("x-forwarded-for", freshClientAddress());
});

/** The request's headers, as next/headers gives them to the app. */
async function requestHeaders(): Promise<Headers> {
  const headers = await plainNextHeaders.headers();
  extraHeaders.forEach((value, name) => headers.set(name, value));
  return headers;
}

export const nextHeaders = { ...plainNextHeaders, headers: requestHeaders };

/** What Set-Cookie headers do to the browser's cookies: a past expiry or Max-Age=0 removes one. */
export function keepCookies(response: Response): void {
  for (const setCookie of response.headers.getSetCookie()) {
    const [pair = "", ...attributes] = setCookie.split(";").map((part) => part.trim());
    const separator = pair.indexOf("=");
    const name = pair.slice(0, separator);
    const value = decodeURIComponent(pair.slice(separator + 1));
    const attribute = (key: string) => attributes.find((part) => part.toLowerCase().startsWith(`${key}=`))?.split("=")[1];
    const maxAge = attribute("max-age");
    const expires = attribute("expires");
    const removed = (maxAge !== undefined && Number(maxAge) <= 0) || (expires !== undefined && Date.parse(expires) <= Date.now());
    if (removed) browser.cookies.delete(name);
    else browser.cookies.set(name, value);
  }
}

/** The cookie the browser holds, or undefined: the simulated jar keeps a cookie our code cleared as "". */
export function heldCookie(name: string): string | undefined {
  return browser.cookies.get(name) || undefined;
}

type AuthRoute = (request: NextRequest) => Promise<Response>;

async function authRoute(method: "GET" | "POST"): Promise<AuthRoute> {
  return (await import("@/app/api/auth/[...nextauth]/route"))[method];
}

/** A request to the app from this browser: the simulated headers (cookies included), then `headers`. */
async function appRequest(url: string, init: { method?: string; body?: URLSearchParams; headers?: Record<string, string> } = {}) {
  const { NextRequest } = await import("next/server");
  const headers = await requestHeaders();
  for (const [name, value] of Object.entries(init.headers ?? {})) headers.set(name, value);
  return new NextRequest(url, { method: init.method ?? "GET", body: init.body, headers });
}

/** next-auth's route (GET or POST) answers this browser; its cookies are kept. */
export async function callAuthRoute(url: string, init: Parameters<typeof appRequest>[1] = {}): Promise<Response> {
  const route = await authRoute(init.method === "POST" ? "POST" : "GET");
  const response = await route(await appRequest(url, init));
  keepCookies(response);
  return response;
}

export type CallbackAnswer = { status: number; location: string | null };

/** The browser arrives at the callback URL the provider sent it to. */
export async function arriveAtCallback(callbackUrl: string): Promise<CallbackAnswer> {
  const response = await callAuthRoute(callbackUrl);
  return { status: response.status, location: response.headers.get("location") };
}

/** Where an action sent the browser with redirect(); fails the test with its answer when it did not. */
export async function redirectedBy(action: ServerAction, formData: FormData): Promise<string> {
  // Imported here: it imports the app, and this module is loaded by the next/headers mock.
  const { redirectTarget } = await import("@/tests/support/server-actions");
  let answer: unknown;
  try {
    answer = await action(null, formData);
  } catch (error) {
    const target = redirectTarget(error);
    if (target === undefined) throw error;
    return target;
  }
  throw new Error(`The action answered instead of redirecting: ${JSON.stringify(answer)}`);
}

/** The provider's pages, signed in as `email`: the callback URL it sends the browser back to. */
export async function callbackFromProvider(authorizationUrl: string, email: string): Promise<string> {
  const callbackUrl = await authorizeAtProvider(authorizationUrl, email);
  if (!callbackUrl.startsWith(`${APP_ORIGIN}/api/auth/callback/`)) throw new Error(`The provider went elsewhere: ${callbackUrl}`);
  return callbackUrl;
}

/** The action's redirect to the provider, the provider's pages, and the callback. */
export async function throughProvider(action: ServerAction, formData: FormData, email: string): Promise<CallbackAnswer> {
  return arriveAtCallback(await callbackFromProvider(await redirectedBy(action, formData), email));
}
