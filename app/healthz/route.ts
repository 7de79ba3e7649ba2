/**
 * GET /healthz: "ok" while the process serves requests. For load balancers and
 * as the benchmark's reference for the cheapest request the app can answer. It
 * reads no database on purpose: a database outage should not take every
 * instance out of the balancer at once, where it would fail closed anyway.
 */
export const dynamic = "force-dynamic";

export function GET(): Response {
  return new Response("ok", { headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" } });
}
