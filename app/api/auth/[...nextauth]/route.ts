import type { NextRequest } from "next/server";
import { handlers } from "@/auth";
import { withAttempt } from "@/lib/auth/attempt-limiter";
import { AuthError } from "@/lib/auth/auth-error";
import { PROVIDER_CALLBACK_COUNTER_PREFIX, providerFailurePath } from "@/lib/identity-providers/provider-failures";
import { config } from "@/lib/config";
import { takeProviderIntent } from "@/lib/identity-providers/intent";
import { requestContext } from "@/lib/request-context";

/**
 * next-auth's routes (auth.ts), for the identity providers: the callback each
 * provider sends the browser back to, /api/auth/callback/<id>. Two things are ours:
 * - The Credentials providers (password, second factor, sign-up) are reached
 *   only through our own routes and actions, which check the Origin and cap
 *   the body first (lib/form-route.ts); their doors here are shut.
 * - A client's failed callbacks (a tampered state, a replayed code, an
 *   identity that may not sign in) count like failed passwords: a few are
 *   free, then the client waits, 30 s doubling to 15 min
 *   (lib/auth/attempt-limiter.ts). A callback that succeeds gives its try back.
 */

const CREDENTIALS_PATHS = /^\/api\/auth\/(callback|signin)\/(password|second-factor|sign-up)\/?$/;
const CALLBACK_PATH = /^\/api\/auth\/callback\//;

class FailedCallback extends Error {
  constructor(readonly response: Response) {
    super("The provider's callback ended without a sign-in");
  }
}

/** Where the callback sent the browser: back to /sign-in with an error, for every failure. */
function isFailure(response: Response): boolean {
  const location = response.headers.get("location");
  if (!location) return response.status >= 400;
  const url = new URL(location, "http://app.invalid");
  return url.pathname === "/sign-in" && url.searchParams.has("error");
}

/**
 * A failed callback goes back where the person started: to Connected accounts
 * when they were connecting (cancelled at the provider, or refused there), else
 * to /sign-in, naming the provider (Auth.js's own failures do not).
 */
async function failedCallbackAnswer(response: Response, provider: string): Promise<Response> {
  const intent = await takeProviderIntent(provider);
  const location = new URL(response.headers.get("location") ?? providerFailurePath("unreadable"), "http://app.invalid");
  if (intent?.kind === "connect" && location.pathname === "/sign-in") {
    const query = new URLSearchParams({ "connect-failed": "provider", provider });
    return redirectTo(`/customer-area/security?${query}#connected-accounts`, response);
  }
  if (location.pathname !== "/sign-in" || location.searchParams.has("provider")) return response;
  location.searchParams.set("provider", provider);
  return redirectTo(`${location.pathname}${location.search}`, response);
}

function redirectTo(path: string, original: Response): Response {
  const headers = new Headers(original.headers);
  headers.set("location", `${config().appUrl}${path}`);
  headers.set("cache-control", "no-store");
  return new Response(null, { status: 303, headers });
}

async function countedCallback(request: NextRequest, handle: (request: NextRequest) => Promise<Response>): Promise<Response> {
  const { ipAddress } = await requestContext();
  const provider = new URL(request.url).pathname.split("/").filter(Boolean).at(-1) ?? "";
  try {
    return await withAttempt(
      { key: `${PROVIDER_CALLBACK_COUNTER_PREFIX}${ipAddress ?? "unknown"}` },
      async () => {
        const response = await handle(request);
        if (isFailure(response)) throw new FailedCallback(response);
        return response;
      },
      { onSuccess: "refund" },
    );
  } catch (error) {
    if (error instanceof FailedCallback) return failedCallbackAnswer(error.response, provider);
    if (error instanceof AuthError && error.code === "THROTTLED") {
      return new Response(null, { status: 303, headers: { location: providerFailurePath("throttled"), "cache-control": "no-store" } });
    }
    throw error;
  }
}

export async function GET(request: NextRequest): Promise<Response> {
  const { pathname } = new URL(request.url);
  if (CREDENTIALS_PATHS.test(pathname)) return new Response("Not found", { status: 404 });
  return CALLBACK_PATH.test(pathname) ? countedCallback(request, handlers.GET) : handlers.GET(request);
}

export async function POST(request: NextRequest): Promise<Response> {
  const { pathname } = new URL(request.url);
  if (CREDENTIALS_PATHS.test(pathname)) return new Response("Not found", { status: 404 });
  // A provider that answers with response_mode=form_post posts its callback.
  return CALLBACK_PATH.test(pathname) ? countedCallback(request, handlers.POST) : handlers.POST(request);
}
