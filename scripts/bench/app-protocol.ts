/**
 * Everything the bench knows about how the app signs people in: action names,
 * cookie names, the request a browser sends, and what counts as success. When
 * the flows change (another session cookie, actions that return
 * `{ ok: true, redirectTo }` instead of redirecting), this is the file to
 * adapt; `npm run bench:capture` prints what Chromium sends and gets now.
 *
 * The two sign-in steps are routes (lib/form-route.ts): the browser's form
 * posts its fields URL-encoded (components/ui/post-form.ts) to
 * /sign-in/password and /sign-in/verify/code and gets JSON `{ ok: true, next }`
 * back, with the next step's cookie in Set-Cookie; it then loads `next` itself
 * (not measured).
 * `npm run bench:capture` prints what Chromium sends and gets now.
 */
import { PENDING_SIGN_IN_COOKIE } from "@/lib/auth/pending-sign-in";
import { timeStep, totpCodeForStep } from "@/lib/two-factor/totp";
import { bodyText, type HttpRequest, type HttpResponse, setCookies } from "@/scripts/bench/http-client";

/** The session cookie on http:// (on https:// it is `__Host-session`; the bench runs on http). */
export const SESSION_COOKIE = "session";
export { PENDING_SIGN_IN_COOKIE };

export const SECURITY_PAGE = "/customer-area/security";
export const TRIVIAL_ROUTE = "/healthz";
/** A page with no session and no SQL: what rendering any page of this app costs at least. */
export const PLAIN_PAGE = "/sign-in";

const PASSWORD_STEP = "/sign-in/password";
const CODE_STEP = "/sign-in/verify/code";

const BROWSER_HEADERS = {
  "user-agent":
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/156.0.0.0 Safari/537.36",
  "accept-language": "en-US,en;q=0.9",
  "accept-encoding": "gzip, deflate, br, zstd",
};

function stepRequest(appUrl: string, path: string, fields: [string, string][], cookie?: string): HttpRequest {
  // A form's fields as post-form.ts sends them: URLSearchParams, which fetch labels this way.
  const body = new URLSearchParams(fields).toString();
  return {
    method: "POST",
    url: `${appUrl}${path}`,
    headers: {
      ...BROWSER_HEADERS,
      accept: "application/json",
      "content-type": "application/x-www-form-urlencoded;charset=UTF-8",
      // The app refuses a step whose Origin is not its own.
      origin: appUrl,
      referer: `${appUrl}${path}`,
      ...(cookie ? { cookie } : {}),
    },
    body,
  };
}

export function totpCodeNow(secret: string, now = new Date()): string {
  return totpCodeForStep(secret, timeStep(now));
}

export function currentTotpStep(now = new Date()): number {
  return timeStep(now);
}

function cookieSet(response: HttpResponse, name: string): string | undefined {
  if (response.status !== 200) return undefined;
  const value = setCookies(response).get(name);
  return value ? `${name}=${value}` : undefined;
}

export type AppProtocol = {
  /** The password step, as a browser sends it. */
  signInRequest(email: string, password: string): HttpRequest;
  /** The `Cookie` header value of the new session, or undefined if the response did not sign the user in. */
  signedInCookie(response: HttpResponse): string | undefined;
  /** After the password of a 2FA user: the pending sign-in's cookie, or undefined. */
  pendingSignInCookie(response: HttpResponse): string | undefined;
  verifyTotpRequest(pendingCookie: string, code: string): HttpRequest;
  securityPageRequest(sessionCookie: string): HttpRequest;
  securityPageRendered(response: HttpResponse): boolean;
  trivialRequest(): HttpRequest;
  trivialAnswered(response: HttpResponse): boolean;
  plainPageRequest(): HttpRequest;
  plainPageRendered(response: HttpResponse): boolean;
};

export function appProtocol(appUrl: string): AppProtocol {
  return {
    signInRequest: (email, password) => stepRequest(appUrl, PASSWORD_STEP, [["email", email], ["password", password]]),
    signedInCookie: (response) => cookieSet(response, SESSION_COOKIE),
    pendingSignInCookie: (response) => cookieSet(response, PENDING_SIGN_IN_COOKIE),
    verifyTotpRequest: (pendingCookie, code) =>
      stepRequest(appUrl, CODE_STEP, [["method", "totp"], ["code", code]], pendingCookie),
    securityPageRequest: (sessionCookie) => ({
      method: "GET",
      url: `${appUrl}${SECURITY_PAGE}`,
      headers: { ...BROWSER_HEADERS, accept: "text/html", cookie: sessionCookie },
    }),
    securityPageRendered: (response) =>
      response.status === 200 && bodyText(response).includes("<h1>Security and access</h1>"),
    trivialRequest: () => ({ method: "GET", url: `${appUrl}${TRIVIAL_ROUTE}`, headers: { ...BROWSER_HEADERS } }),
    trivialAnswered: (response) => response.status === 200 && bodyText(response) === "ok",
    plainPageRequest: () => ({
      method: "GET",
      url: `${appUrl}${PLAIN_PAGE}`,
      headers: { ...BROWSER_HEADERS, accept: "text/html" },
    }),
    plainPageRendered: (response) => response.status === 200 && bodyText(response).includes("<h1>Sign in</h1>"),
  };
}
