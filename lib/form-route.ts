import "server-only";
import { headers } from "next/headers";
import { unstable_rethrow } from "next/navigation";
import { isAppOrigin } from "@/lib/app-origin";
import { FLASH_PARAM, leaveFormFlash } from "@/lib/form-flash";
import { MAX_BODY_BYTES, TOO_LARGE_MESSAGE } from "@/lib/request-limits";
import { type ActionResult, FOREIGN_ORIGIN_MESSAGE, type FormAction } from "@/lib/server-action";

/**
 * A sign-in step as a Next.js route handler (`export const POST = formRoute(...)`).
 * As a server action, a step that sets a cookie makes Next.js render the
 * form's page again inside its response and then the next page; as a route
 * it costs the step alone, and the page it leads to is rendered once.
 * - The browser's script (components/ui/post-form.ts) asks for JSON and goes
 *   on to the `next` it answers.
 * - A plain HTML form (JavaScript off; it asks for text/html) gets a 303 to
 *   the next step, or back to its page with the failure (lib/form-flash.ts).
 * The Origin is checked before the body is read, and the body is capped at
 * MAX_BODY_BYTES whether it says its length or not (proxy.ts refuses the
 * first kind already).
 */

type StepResult = ActionResult<{ next: string }>;

const UNREADABLE = "This request could not be read. Reload the page and try again.";
/** As app/error.tsx says it: every step is one transaction, so a failure changed nothing. */
const FAILED = "We could not finish that just now, and nothing was changed. Please try again in a moment.";
const NO_STORE = { "cache-control": "no-store" };

/**
 * The form's fields: URL-encoded as components/ui/post-form.ts sends them
 * (parsed directly, the cheaper way), or multipart; null for a body that
 * cannot be read or is too large.
 */
async function readForm(request: Request): Promise<URLSearchParams | FormData | "too large" | null> {
  const reader = request.body?.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
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
  } catch {
    return null;
  }
  const body = Buffer.concat(chunks);
  const contentType = request.headers.get("content-type") ?? "";
  if (contentType.startsWith("application/x-www-form-urlencoded")) return new URLSearchParams(body.toString("utf8"));
  return new Response(body, { headers: { "content-type": contentType } }).formData().catch(() => null);
}

/** Where a plain form goes back to with its failure: its page, asking to show the flash. */
function backToForm(formPage: string): string {
  const url = new URL(formPage, "http://app.invalid");
  url.searchParams.set(FLASH_PARAM, "1");
  return `${url.pathname}${url.search}`;
}

async function answer(request: Request, status: number, result: StepResult, formPage: string): Promise<Response> {
  if (!request.headers.get("accept")?.includes("text/html")) return Response.json(result, { status, headers: NO_STORE });
  if (!result.ok) await leaveFormFlash(result);
  return new Response(null, { status: 303, headers: { location: result.ok ? result.next : backToForm(formPage), ...NO_STORE } });
}

export function formRoute(step: FormAction<{ next: string }>, { formPage }: { formPage: string }) {
  return async (request: Request): Promise<Response> => {
    const refuse = (status: number, error: string) => answer(request, status, { ok: false, error }, formPage);
    // Next.js checks no Origin for a route handler; nothing here reads a byte of a foreign request.
    if (!isAppOrigin((await headers()).get("origin"))) return refuse(403, FOREIGN_ORIGIN_MESSAGE);
    const form = await readForm(request);
    if (form === "too large") return refuse(413, TOO_LARGE_MESSAGE);
    if (!form) return refuse(400, UNREADABLE);
    let result: StepResult;
    try {
      result = await step(null, form);
    } catch (error) {
      unstable_rethrow(error); // a redirect is Next's to answer
      // Next.js would answer an empty 500, which the form could only call a lost connection.
      console.error(error);
      return refuse(500, FAILED);
    }
    return answer(request, 200, result, formPage);
  };
}
