import { randomBytes } from "node:crypto";
import { RETURN_PATH_HEADER } from "@/lib/auth/return-path";

/**
 * The headers the app's server (scripts/server.ts) puts on every request it
 * hands to Next.js and on every response, in development and production alike:
 * - a Content-Security-Policy with a fresh nonce: only the scripts Next.js
 *   renders with that nonce run, nothing inline that a page did not write
 *   itself. Next.js reads the nonce from the request's policy header, which is
 *   also why every page is rendered per request (app/layout.tsx);
 * - the path asked for, so that a sign-in can return to it
 *   (lib/auth/current-session.ts): always ours, never the client's;
 * - Strict-Transport-Security when the app is served over https;
 * - no framing (also for browsers without CSP level 2), no content sniffing,
 *   and no Referer to other sites.
 *
 * Not a Next.js proxy (middleware): Next's machinery for one costs about 1.3 ms
 * of CPU per request, a tenth of a page; here it is a few microseconds.
 * No server-only imports: the server loads this module itself, outside Next's build.
 */

export function contentSecurityPolicy(nonce: string, { development }: { development: boolean }): string {
  return [
    "default-src 'self'",
    // React's development build evaluates code for its error overlay and refresh.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${development ? " 'unsafe-eval'" : ""}`,
    // Inline style attributes only (no scripts): mails in the development mailbox and React's style props.
    "style-src 'self' 'unsafe-inline'",
    // The QR code is a data: URL rendered on the server.
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src 'self'${development ? " ws:" : ""}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

export type SecurityHeaders = {
  /** Set on the request before Next.js sees it, replacing whatever the client sent under these names. */
  request: Record<string, string>;
  /** Set on the response. */
  response: Record<string, string>;
};

/** A fresh set for one request to `path` (its path and query, as the request line gives it). */
export function securityHeaders(
  path: string,
  { appUrl, development }: { appUrl: string; development: boolean },
): SecurityHeaders {
  const policy = contentSecurityPolicy(randomBytes(16).toString("base64"), { development });
  const response: Record<string, string> = {
    "content-security-policy": policy,
    "x-frame-options": "DENY",
    "x-content-type-options": "nosniff",
    "referrer-policy": "same-origin",
  };
  if (appUrl.startsWith("https://")) response["strict-transport-security"] = "max-age=63072000; includeSubDomains";
  return { request: { "content-security-policy": policy, [RETURN_PATH_HEADER]: path }, response };
}
