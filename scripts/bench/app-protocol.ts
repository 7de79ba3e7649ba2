/**
 * Everything the bench knows about how the app signs people in: action names,
 * cookie names, the request a browser sends, and what counts as success. When
 * the flows change (another session cookie, actions that return
 * `{ ok: true, redirectTo }` instead of redirecting), this is the file to
 * adapt; `npm run bench:capture` prints what Chromium sends and gets now.
 *
 * Learnt from Chromium (scripts/bench/capture-browser-requests.ts): a form
 * with `useActionState` posts to the page's own URL with `Next-Action: <id>`,
 * `Accept: text/x-component`, the router state tree, and a multipart body that
 * React's encodeReply builds from [previousState, formData]: part "0" is
 * `[null,"$K1"]` and the form's fields follow as "_1_<name>". A form the
 * server rendered (a fresh load of /sign-in) also carries hidden `$ACTION_*`
 * fields for the no-JavaScript fallback, which the browser sends along.
 * Success is a 200 whose Set-Cookie carries the next step's cookie, with
 * `x-action-redirect` naming the next page.
 */
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { PENDING_SIGN_IN_COOKIE } from "@/lib/auth/pending-sign-in";
import { timeStep, totpCodeForStep } from "@/lib/two-factor/totp";
import { bodyText, type HttpRequest, type HttpResponse, setCookies } from "@/scripts/bench/http-client";

/** next-auth's cookie on http:// (on https:// it is `__Secure-authjs.session-token`; the bench runs on http). */
export const SESSION_COOKIE = "authjs.session-token";
export { PENDING_SIGN_IN_COOKIE };

export const SECURITY_PAGE = "/customer-area/security";
export const TRIVIAL_ROUTE = "/healthz";

type ActionRef = { file: string; exportName: string; page: string; segments: string[] };

const SIGN_IN: ActionRef = {
  file: "app/(auth)/actions.ts",
  exportName: "signInAction",
  page: "/sign-in",
  segments: ["(auth)", "sign-in"],
};
const VERIFY_SIGN_IN_CODE: ActionRef = {
  file: "app/(auth)/sign-in/verify/actions.ts",
  exportName: "verifySignInCodeAction",
  page: "/sign-in/verify",
  segments: ["(auth)", "sign-in", "verify"],
};

const BROWSER_HEADERS = {
  "user-agent":
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/156.0.0.0 Safari/537.36",
  "accept-language": "en-US,en;q=0.9",
  "accept-encoding": "gzip, deflate, br, zstd",
};

type ServerReferenceManifest = { node: Record<string, { filename: string; exportedName: string }> };

/** Action ids change with every build: look them up in the build's manifest by file and export name. */
function actionId(action: ActionRef): string {
  const manifest = JSON.parse(
    readFileSync(".next/server/server-reference-manifest.json", "utf8"),
  ) as ServerReferenceManifest;
  const ids = Object.entries(manifest.node)
    .filter(([, entry]) => entry.filename === action.file && entry.exportedName === action.exportName)
    .map(([id]) => id);
  if (ids.length !== 1) {
    throw new Error(`Expected one server action ${action.exportName} in ${action.file} in the build, found ${ids.length}`);
  }
  return ids[0]!;
}

/** The `Next-Router-State-Tree` header of a browser on the page: it tells Next which layouts it already has. */
function routerStateTree(segments: string[]): string {
  let node: unknown[] = ["__PAGE__", {}, null, null, 0];
  for (const segment of [...segments].reverse()) node = [segment, { children: node }, null, null, 0];
  return encodeURIComponent(JSON.stringify(["", { children: node }, null, null, 16]));
}

function decodeEntities(value: string): string {
  return value
    .replace(/&quot;/g, '"')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}

/** The hidden inputs of the server-rendered page, in order, as the browser's FormData would hold them. */
export function hiddenFields(html: string): [string, string][] {
  const fields: [string, string][] = [];
  for (const [input] of html.matchAll(/<input\b[^>]*>/g)) {
    if (!/\btype="hidden"/.test(input)) continue;
    const name = /\bname="([^"]*)"/.exec(input)?.[1];
    if (name) fields.push([decodeEntities(name), decodeEntities(/\bvalue="([^"]*)"/.exec(input)?.[1] ?? "")]);
  }
  return fields;
}

/** React's encodeReply of (previousState = null, formData), as multipart/form-data. */
function actionBody(fields: [string, string][]): { contentType: string; body: string } {
  const boundary = `----WebKitFormBoundary${randomBytes(12).toString("base64url").slice(0, 16)}`;
  const parts = [...fields.map(([name, value]): [string, string] => [`_1_${name}`, value]), ["0", '[null,"$K1"]']];
  const body =
    parts
      .map(([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`)
      .join("") + `--${boundary}--\r\n`;
  return { contentType: `multipart/form-data; boundary=${boundary}`, body };
}

function actionRequest(
  appUrl: string,
  action: ActionRef,
  id: string,
  fields: [string, string][],
  cookie?: string,
): HttpRequest {
  const { contentType, body } = actionBody(fields);
  return {
    method: "POST",
    url: `${appUrl}${action.page}`,
    headers: {
      ...BROWSER_HEADERS,
      accept: "text/x-component",
      "content-type": contentType,
      "next-action": id,
      "next-router-state-tree": routerStateTree(action.segments),
      // Next refuses a server action whose Origin is not the app's own.
      origin: appUrl,
      referer: `${appUrl}${action.page}`,
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
  /** The password step, with the hidden inputs of the rendered /sign-in form, as a browser sends it. */
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
};

/** `signInPageHtml`: /sign-in as the server renders it, for the hidden fields its form carries. */
export function appProtocol(appUrl: string, signInPageHtml: string): AppProtocol {
  const signInId = actionId(SIGN_IN);
  const verifyId = actionId(VERIFY_SIGN_IN_CODE);
  const signInHiddenFields = hiddenFields(signInPageHtml);
  return {
    signInRequest: (email, password) =>
      actionRequest(appUrl, SIGN_IN, signInId, [...signInHiddenFields, ["email", email], ["password", password]]),
    signedInCookie: (response) => cookieSet(response, SESSION_COOKIE),
    pendingSignInCookie: (response) => cookieSet(response, PENDING_SIGN_IN_COOKIE),
    // The verify form is rendered in the browser after the client-side redirect: no hidden fields.
    verifyTotpRequest: (pendingCookie, code) =>
      actionRequest(appUrl, VERIFY_SIGN_IN_CODE, verifyId, [["method", "totp"], ["code", code]], pendingCookie),
    securityPageRequest: (sessionCookie) => ({
      method: "GET",
      url: `${appUrl}${SECURITY_PAGE}`,
      headers: { ...BROWSER_HEADERS, accept: "text/html", cookie: sessionCookie },
    }),
    securityPageRendered: (response) =>
      response.status === 200 && bodyText(response).includes("<h1>Security and access</h1>"),
    trivialRequest: () => ({ method: "GET", url: `${appUrl}${TRIVIAL_ROUTE}`, headers: { ...BROWSER_HEADERS } }),
    trivialAnswered: (response) => response.status === 200 && bodyText(response) === "ok",
  };
}
