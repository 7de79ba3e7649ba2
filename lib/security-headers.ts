/**
 * The security headers of every answer:
 * - the ones that never change, for every path (next.config.ts `headers()`):
 *   no framing (also for browsers without CSP level 2), no content sniffing,
 *   no Referer to other sites;
 * - per request, from proxy.ts: a Content-Security-Policy with a fresh nonce
 *   (only the scripts Next.js renders with it run; Next.js reads the nonce
 *   from the request's policy header, which is why every page is rendered per
 *   request, app/layout.tsx), and Strict-Transport-Security when APP_URL is
 *   https (decided at run time, not when the app was built).
 * No server-only imports: next.config.ts loads this module.
 */

export const STATIC_SECURITY_HEADERS: ReadonlyArray<{ key: string; value: string }> = [
  { key: "X-Frame-Options", value: "DENY" },
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "same-origin" },
];

export const STRICT_TRANSPORT_SECURITY = "max-age=63072000; includeSubDomains";

/**
 * Where a form may send the browser besides the app: the sign-in pages of the
 * configured identity providers, after `Continue with…` or `Connect` posted
 * without JavaScript (a form's redirect counts for form-action). Microsoft's
 * pages are on one origin, whatever the tenant.
 */
export function identityProviderOrigins(providers: ReadonlyArray<{ id: string; issuer?: string }>): string[] {
  return providers.map(({ id, issuer }) => {
    if (id === "google") return "https://accounts.google.com";
    if (id === "microsoft-entra-id") return "https://login.microsoftonline.com";
    return new URL(issuer ?? "").origin;
  });
}

type PolicyOptions = { development: boolean; formTargets?: string[] };

export function contentSecurityPolicy(nonce: string, { development, formTargets = [] }: PolicyOptions): string {
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
    ["form-action 'self'", ...formTargets].join(" "),
    "frame-ancestors 'none'",
  ].join("; ");
}

/** Every header an answer of ours carries beyond the static ones: for proxy.ts's pass-through and its own refusals. */
export function perRequestSecurityHeaders(nonce: string, { appUrl, ...policy }: PolicyOptions & { appUrl: string }) {
  const headers: Record<string, string> = { "content-security-policy": contentSecurityPolicy(nonce, policy) };
  if (appUrl.startsWith("https://")) headers["strict-transport-security"] = STRICT_TRANSPORT_SECURITY;
  return headers;
}
