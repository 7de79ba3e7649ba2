import type { IncomingMessage, ServerResponse } from "node:http";

/**
 * The routes the app's server (scripts/server.ts) answers itself instead of
 * handing them to Next.js: the sign-in steps, registered at start by
 * instrumentation.ts (lib/form-route.ts says why). They are registered on
 * globalThis because Next.js builds the steps into its own bundle, which the
 * server does not load. No server-only imports: the server loads this module.
 */

export type ServedRoute = (request: IncomingMessage, response: ServerResponse) => Promise<void>;

const REGISTRY = Symbol.for("security-and-access.served-routes");
const registry = globalThis as typeof globalThis & { [REGISTRY]?: ReadonlyMap<string, ServedRoute> };

export function serveRoutes(routes: Record<string, ServedRoute>): void {
  registry[REGISTRY] = new Map(Object.entries(routes));
}

/** The route that answers this request, if the server answers it itself: POSTs to a registered path, any query. */
export function servedRoute(method: string | undefined, url: string | undefined): ServedRoute | undefined {
  const routes = registry[REGISTRY];
  if (!routes || method !== "POST" || !url) return undefined;
  const query = url.indexOf("?");
  return routes.get(query === -1 ? url : url.slice(0, query));
}
