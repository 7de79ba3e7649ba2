import { type NextRequest, NextResponse } from "next/server";
import { isAcceptableActionBody } from "@/lib/action-payload";
import { RETURN_PATH_HEADER } from "@/lib/auth/return-path";
import { dropsForwardedFor } from "@/lib/client-address";
import { config as appConfig } from "@/lib/config";
import { MAX_BODY_BYTES, TOO_LARGE_MESSAGE } from "@/lib/request-limits";
import { identityProviderOrigins, perRequestSecurityHeaders, STATIC_SECURITY_HEADERS } from "@/lib/security-headers";

/**
 * Next.js's request proxy: what Next.js may believe about a request, decided
 * from configuration only, before any page, action or route runs.
 * - The host: in production, a request for another host than APP_URL's (Host
 *   or X-Forwarded-Host) is refused, so nothing built from it can leave.
 * - The size: a body larger than MAX_BODY_BYTES, or one that does not say its
 *   length, is refused before it is read (Next.js itself would answer a
 *   server action's oversized stream with a 500); so is a server action's body
 *   that no form of React's could have sent (lib/action-payload.ts: Next.js
 *   would answer it with a 500 too).
 * - The client's address: with no trusted proxy, the client's own
 *   X-Forwarded-For is dropped (lib/client-address.ts).
 * - The path asked for, for a sign-in to return to: always ours.
 * - The script policy's nonce and HSTS (lib/security-headers.ts).
 */

const BAD_HOST_MESSAGE = "This address does not serve the customer area.";
/** For a body that does not say its length, or that no form could have sent. */
const UNREADABLE_MESSAGE = "This request could not be read. Reload the page and try again.";
/** Paths with nothing of the app behind them, for the load balancer (GET /healthz, by IP). */
const ANY_HOST_PATHS = new Set(["/healthz"]);

function refuse(request: NextRequest, status: number, error: string, securityHeaders: Record<string, string>) {
  const headers = new Headers({ ...securityHeaders, "cache-control": "no-store", connection: "close" });
  for (const { key, value } of STATIC_SECURITY_HEADERS) headers.set(key, value);
  // The sign-in forms read JSON (components/ui/post-form.ts); anything else gets the words as text.
  if (request.headers.get("accept")?.includes("application/json")) {
    return NextResponse.json({ ok: false, error }, { status, headers });
  }
  headers.set("content-type", "text/plain; charset=utf-8");
  return new NextResponse(`${error}\n`, { status, headers });
}

let warnedAboutForwardedFor = false;

/** A proxy in front that nobody told the app about: every client would look like the proxy. */
function warnOnceAboutForwardedFor(isProduction: boolean): void {
  if (!isProduction || warnedAboutForwardedFor) return;
  warnedAboutForwardedFor = true;
  console.warn(
    "Requests arrive with X-Forwarded-For, but TRUSTED_PROXY_HOPS is 0: the app uses the connection's address " +
      "and ignores the header. Behind a proxy, set TRUSTED_PROXY_HOPS to the number of proxies that append to it.",
  );
}

function isForeignHost(request: NextRequest, appHost: string): boolean {
  const forwardedHost = request.headers.get("x-forwarded-host");
  return request.headers.get("host") !== appHost || (forwardedHost !== null && forwardedHost !== appHost);
}

/** A server action called by script (the Next-Action header): its body, as Next.js will decode it. */
async function isMalformedAction(request: NextRequest): Promise<boolean> {
  if (request.method !== "POST" || !request.headers.has("next-action")) return false;
  if (request.headers.get("content-type")?.startsWith("multipart/form-data")) {
    const fields = await request.formData().catch(() => null);
    return fields === null || !isAcceptableActionBody({ fields, text: null });
  }
  return !isAcceptableActionBody({ fields: null, text: await request.text().catch(() => null) });
}

export async function proxy(request: NextRequest) {
  const { appUrl, isProduction, trustedProxyHops, identityProviders } = appConfig();
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
  const formTargets = identityProviderOrigins(identityProviders);
  const securityHeaders = perRequestSecurityHeaders(nonce, { appUrl, development: !isProduction, formTargets });

  if (isProduction && !ANY_HOST_PATHS.has(request.nextUrl.pathname) && isForeignHost(request, new URL(appUrl).host)) {
    return refuse(request, 400, BAD_HOST_MESSAGE, securityHeaders);
  }
  const declaredLength = request.headers.get("content-length");
  if (declaredLength !== null && !(Number(declaredLength) <= MAX_BODY_BYTES)) {
    return refuse(request, 413, TOO_LARGE_MESSAGE, securityHeaders);
  }
  if (declaredLength === null && request.headers.has("transfer-encoding")) {
    return refuse(request, 411, UNREADABLE_MESSAGE, securityHeaders);
  }
  if (await isMalformedAction(request)) return refuse(request, 400, UNREADABLE_MESSAGE, securityHeaders);

  const response = NextResponse.next(needsOurRequestHeaders(request, trustedProxyHops) ? { request: { headers: ourRequestHeaders(request, securityHeaders, trustedProxyHops, isProduction) } } : undefined);
  for (const [name, value] of Object.entries(securityHeaders)) response.headers.set(name, value);
  return response;
}

/**
 * Whether the request must reach Next.js with headers of ours: anything that
 * may render a page (the nonce, the return path), a client that sent headers
 * under those names, or an X-Forwarded-For to drop. A sign-in step's JSON
 * request usually needs none, and rewriting headers is most of this proxy's cost.
 */
function needsOurRequestHeaders(request: NextRequest, trustedProxyHops: number): boolean {
  return (
    !request.headers.get("accept")?.startsWith("application/json") ||
    request.headers.has("content-security-policy") ||
    request.headers.has(RETURN_PATH_HEADER) ||
    (dropsForwardedFor(trustedProxyHops) && request.headers.has("x-forwarded-for"))
  );
}

function ourRequestHeaders(request: NextRequest, securityHeaders: Record<string, string>, trustedProxyHops: number, isProduction: boolean) {
  const headers = new Headers(request.headers);
  headers.set("content-security-policy", securityHeaders["content-security-policy"]!);
  headers.set(RETURN_PATH_HEADER, `${request.nextUrl.pathname}${request.nextUrl.search}`);
  if (dropsForwardedFor(trustedProxyHops) && headers.has("x-forwarded-for")) {
    headers.delete("x-forwarded-for");
    warnOnceAboutForwardedFor(isProduction);
  }
  return headers;
}

export const config = {
  // Everything but the build's static files and the icons in public/, which carry no page and no nonce
  // (next.config.ts gives them the static security headers).
  matcher: ["/((?!_next/static/|favicon\\.ico$|icon\\.svg$|icon-\\d+\\.png$|apple-touch-icon\\.png$|site\\.webmanifest$).*)"],
};
