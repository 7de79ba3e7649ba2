import { type NextRequest, NextResponse } from "next/server";
import { RETURN_PATH_HEADER } from "@/lib/auth/return-path";

/**
 * Security headers on every page, with a fresh nonce per request: only the
 * scripts Next.js renders with that nonce run, nothing inline that a page did
 * not write itself. Next.js reads the nonce from the request's policy header.
 * The policy is also why every page is rendered per request (app/layout.tsx).
 */
function contentSecurityPolicy(nonce: string): string {
  const development = process.env.NODE_ENV !== "production";
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

export function proxy(request: NextRequest): NextResponse {
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
  const policy = contentSecurityPolicy(nonce);
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("content-security-policy", policy);
  requestHeaders.set("x-nonce", nonce);
  // The page asked for, so that a sign-in can return to it (lib/auth/current-session.ts); always ours, never the client's.
  requestHeaders.set(RETURN_PATH_HEADER, `${request.nextUrl.pathname}${request.nextUrl.search}`);

  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("content-security-policy", policy);
  if (process.env.APP_URL?.startsWith("https://")) {
    response.headers.set("strict-transport-security", "max-age=63072000; includeSubDomains");
  }
  return response;
}

export const config = {
  matcher: [
    // Pages and server actions. Not the build's static files, which carry no script of their own, nor
    // the routes that answer JSON only (the sign-in steps, the health check): a policy for scripts means
    // nothing there, and this proxy costs about 1.3 ms of CPU per request, a sixth of a second step.
    {
      source:
        "/((?!_next/static|_next/image|favicon.ico|icon.svg|icon-192.png|icon-512.png|apple-touch-icon.png|site.webmanifest|healthz$|sign-in/password$|sign-in/verify/code$|sign-in/verify/recovery-code$|sign-in/verify/security-key$).*)",
    },
  ],
};
