import "server-only";
import type { FormAction } from "@/lib/server-action";

/** The same limit as scripts/server.ts, for a body that does not say its length. */
const MAX_BODY_BYTES = 64 * 1024;

async function cappedBody(request: Request): Promise<Uint8Array | null> {
  const reader = request.body?.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const chunk = await reader?.read();
    if (!chunk || chunk.done) break;
    size += chunk.value.byteLength;
    if (size > MAX_BODY_BYTES) {
      await reader?.cancel();
      return null;
    }
    chunks.push(chunk.value);
  }
  return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
}

/**
 * The form's fields: URL-encoded as components/ui/post-form.ts sends them
 * (parsed directly, the cheaper way), or multipart as a plain browser form
 * would; null for a body too large or unreadable.
 */
async function cappedForm(request: Request): Promise<URLSearchParams | FormData | null> {
  const body = await cappedBody(request);
  if (!body) return null;
  const type = request.headers.get("content-type") ?? "";
  if (type.startsWith("application/x-www-form-urlencoded")) return new URLSearchParams(Buffer.from(body).toString("utf8"));
  return new Response(new Uint8Array(body), { headers: { "content-type": type } }).formData().catch(() => null);
}

/**
 * A form step served as a route handler that answers JSON, for the two
 * sign-in steps. As a server action, a step that sets a cookie makes Next.js
 * render the form's page again inside its response (about a third of a
 * sign-in's CPU beside argon2, and a second navigation); as a route it costs
 * the step alone. The step is the same wrapper as every action's (Origin,
 * zod, typed failures), and the browser goes on to the `next` it answers.
 */
export function formRoute<T extends object>(step: FormAction<T>) {
  return async (request: Request): Promise<Response> => {
    const form = await cappedForm(request);
    if (!form) {
      return Response.json({ ok: false, error: "This request could not be read. Reload the page and try again." }, { status: 400 });
    }
    return Response.json(await step(null, form), { headers: { "cache-control": "no-store" } });
  };
}
