import "server-only";
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from "node:http";
import { getRedirectStatusCodeFromError, getURLFromRedirectError } from "next/dist/client/components/redirect";
import { isRedirectError } from "next/dist/client/components/redirect-error";
import { unstable_rethrow } from "next/navigation";
import { inRequestScope, type CookieJar, type CookieSetOptions, type RequestHeaders } from "@/lib/request-scope";
import type { ActionResult, FormAction } from "@/lib/server-action";
import { serveRoutes, type ServedRoute } from "@/lib/served-routes";

/**
 * A form step answered as JSON, for the sign-in steps. As a server action, a
 * step that sets a cookie makes Next.js render the form's page again inside
 * its response (about a third of a sign-in's CPU beside argon2, and a second
 * navigation); as a route it costs the step alone. The step is the same
 * wrapper as every action's (Origin, zod, typed failures), and the browser
 * goes on to the `next` it answers (components/ui/post-form.ts).
 *
 * In production the app's server answers these steps itself (`serveFormRoutes`),
 * without Next's request handling, which costs more CPU than the step's own work
 * beside argon2. The route handlers (`formRoute`) serve them under `npm run dev`,
 * where Next.js recompiles the steps as they are edited.
 */

/** The same limit as scripts/server.ts, for a body that does not say its length. */
const MAX_BODY_BYTES = 64 * 1024;

const UNREADABLE: ActionResult = { ok: false, error: "This request could not be read. Reload the page and try again." };
const TOO_LARGE: ActionResult = { ok: false, error: "That is more than a form can send. Nothing was changed." };
/** As app/error.tsx says it: every step is one transaction, so a failure changed nothing. */
const FAILED: ActionResult = {
  ok: false,
  error: "We could not finish that just now, and nothing was changed. Please try again in a moment.",
};

/**
 * The form's fields: URL-encoded as components/ui/post-form.ts sends them
 * (parsed directly, the cheaper way), or multipart as a plain browser form
 * would; null for a body that cannot be read.
 */
async function readForm(body: Uint8Array, contentType: string): Promise<URLSearchParams | FormData | null> {
  if (contentType.startsWith("application/x-www-form-urlencoded")) {
    return new URLSearchParams(Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString("utf8"));
  }
  return new Response(new Uint8Array(body), { headers: { "content-type": contentType } }).formData().catch(() => null);
}

async function cappedBody(request: Request): Promise<Uint8Array | "too large"> {
  const reader = request.body?.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const chunk = await reader?.read();
    if (!chunk || chunk.done) break;
    size += chunk.value.byteLength;
    if (size > MAX_BODY_BYTES) {
      await reader?.cancel();
      return "too large";
    }
    chunks.push(chunk.value);
  }
  return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
}

const NO_STORE = { "cache-control": "no-store" };

/** The step as a Next.js route handler (`export const POST = formRoute(step)`). */
export function formRoute<T extends object>(step: FormAction<T>) {
  return async (request: Request): Promise<Response> => {
    const body = await cappedBody(request);
    if (body === "too large") return Response.json(TOO_LARGE, { status: 413, headers: NO_STORE });
    const form = await readForm(body, request.headers.get("content-type") ?? "");
    if (!form) return Response.json(UNREADABLE, { status: 400, headers: NO_STORE });
    try {
      return Response.json(await step(null, form), { headers: NO_STORE });
    } catch (error) {
      unstable_rethrow(error); // a redirect is Next's to answer
      // Next.js would answer an empty 500, which the form could only call a lost connection.
      console.error(error);
      return Response.json(FAILED, { status: 500, headers: NO_STORE });
    }
  };
}

function cappedNodeBody(request: IncomingMessage): Promise<Buffer | "too large"> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.byteLength;
      if (size <= MAX_BODY_BYTES) {
        chunks.push(chunk);
        return;
      }
      request.off("data", onData);
      request.pause();
      resolve("too large");
    };
    request.on("data", onData);
    request.on("end", () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
    request.on("error", reject);
    request.on("close", () => {
      if (!request.complete) reject(new Error("The client went away before the body was complete"));
    });
  });
}

function nodeRequestHeaders(incoming: IncomingHttpHeaders): RequestHeaders {
  return {
    get(name) {
      const value = incoming[name.toLowerCase()];
      if (value === undefined) return null;
      return Array.isArray(value) ? value.join(", ") : value;
    },
  };
}

/**
 * The browser's cookies and the ones the step sets, written as Next.js writes
 * them (its RequestCookies and ResponseCookies), so a browser cannot tell
 * which of the two answered.
 */
class ServedCookies implements CookieJar {
  private readonly values = new Map<string, string>();
  private readonly written = new Map<string, string>();

  constructor(header: string | undefined) {
    for (const pair of (header ?? "").split(/; */)) {
      if (!pair) continue;
      const equals = pair.indexOf("=");
      if (equals === -1) {
        this.values.set(pair, "true");
        continue;
      }
      try {
        this.values.set(pair.slice(0, equals), decodeURIComponent(pair.slice(equals + 1)));
      } catch {
        // Not a value Next.js could read either: the cookie is ignored.
      }
    }
  }

  get(name: string) {
    const value = this.values.get(name);
    return value === undefined ? undefined : { value };
  }

  set(name: string, value: string, { httpOnly, secure, sameSite, path, maxAge }: CookieSetOptions) {
    this.values.set(name, value);
    const attributes = [`Path=${path}`];
    if (maxAge) attributes.push(`Expires=${new Date(Date.now() + maxAge * 1000).toUTCString()}`);
    attributes.push(`Max-Age=${maxAge}`);
    if (secure) attributes.push("Secure");
    if (httpOnly) attributes.push("HttpOnly");
    attributes.push(`SameSite=${sameSite}`);
    this.written.set(name, `${name}=${encodeURIComponent(value)}; ${attributes.join("; ")}`);
  }

  delete(name: string) {
    this.values.delete(name);
    this.written.set(name, `${name}=; Path=/; Expires=${new Date(0).toUTCString()}`);
  }

  setCookieHeaders(): string[] {
    return [...this.written.values()];
  }
}

function answer(response: ServerResponse, status: number, result: ActionResult, setCookies: string[] = []): void {
  const body = JSON.stringify(result);
  response.writeHead(status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(body),
    ...NO_STORE,
    ...(setCookies.length > 0 ? { "set-cookie": setCookies } : {}),
  });
  response.end(body);
}

/** As Next.js answers a route handler that calls redirect(): the status and Location, with the cookies set before it. */
function answerRedirect(response: ServerResponse, url: string, status: number, setCookies: string[]): void {
  response.writeHead(status, { location: url, ...(setCookies.length > 0 ? { "set-cookie": setCookies } : {}) });
  response.end();
}

/** The step as a route the app's server answers itself, with the same answers as `formRoute`'s. */
function servedFormRoute<T extends object>(step: FormAction<T>): ServedRoute {
  return async (request, response) => {
    let body: Buffer | "too large";
    try {
      body = await cappedNodeBody(request);
    } catch {
      // Nobody is left to answer: nothing was read, nothing was done.
      request.destroy();
      return;
    }
    if (body === "too large") {
      // The rest of the body is not read: the connection ends with the answer.
      response.setHeader("connection", "close");
      answer(response, 413, TOO_LARGE);
      response.on("finish", () => request.destroy());
      return;
    }
    const form = await readForm(body, request.headers["content-type"] ?? "");
    if (!form) return answer(response, 400, UNREADABLE);
    const cookies = new ServedCookies(request.headers.cookie);
    let result: ActionResult<T>;
    try {
      result = await inRequestScope({ headers: nodeRequestHeaders(request.headers), cookies }, () => step(null, form));
    } catch (error) {
      if (isRedirectError(error)) {
        return answerRedirect(response, getURLFromRedirectError(error), getRedirectStatusCodeFromError(error), cookies.setCookieHeaders());
      }
      // As formRoute answers it: logged, and no cookie of the half-done step.
      console.error(error);
      return answer(response, 500, FAILED);
    }
    answer(response, 200, result, cookies.setCookieHeaders());
  };
}

/** Has the app's server (scripts/server.ts) answer these steps, by path, instead of Next.js. */
export function serveFormRoutes(steps: Record<string, FormAction>): void {
  serveRoutes(Object.fromEntries(Object.entries(steps).map(([path, step]) => [path, servedFormRoute(step)])));
}
