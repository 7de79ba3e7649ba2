import "server-only";
import type { FormAction } from "@/lib/server-action";

/** The same limit as scripts/server.ts, for a body that does not say its length. */
const MAX_BODY_BYTES = 64 * 1024;

async function cappedFormData(request: Request): Promise<FormData | null> {
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
  const body = new Blob(chunks.map((chunk) => new Uint8Array(chunk)));
  return new Response(body, { headers: { "content-type": request.headers.get("content-type") ?? "" } })
    .formData()
    .catch(() => null);
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
    const formData = await cappedFormData(request);
    if (!formData) {
      return Response.json({ ok: false, error: "This request could not be read. Reload the page and try again." }, { status: 400 });
    }
    return Response.json(await step(null, formData), { headers: { "cache-control": "no-store" } });
  };
}
