/**
 * The app's server: Next.js behind a thin Node HTTP layer that decides, from
 * configuration only, what Next.js may believe about a request:
 * - the client's address: from the connection, or from the trusted proxies'
 *   X-Forwarded-For entries (TRUSTED_PROXY_HOPS); anything the client wrote
 *   there itself is dropped (lib/client-address.ts);
 * - in production, the host and scheme: always APP_URL's, whatever Host,
 *   X-Forwarded-Host or X-Forwarded-Proto say, so Next's own origin check of
 *   server actions compares against APP_URL;
 * - the size: a body that says it is larger than MAX_BODY_BYTES is refused
 *   with 413 before it is read;
 * and puts the security headers on every request and response
 * (lib/security-headers.ts: the script policy's nonce, the path asked for, HSTS);
 * and, in production, answers the sign-in steps itself (lib/served-routes.ts).
 * Started by `npm start` (scripts/start.ts, after the configuration check), by
 * `npm run dev` (scripts/dev.ts, NODE_ENV=development: Next's development
 * server inside the same layer) and by the e2e and benchmark servers. No module
 * of lib/ with server-only imports is loaded here: Next.js loads those itself.
 */
import { createServer } from "node:http";
import next from "next";
import { clientAddress } from "@/lib/client-address";
import { securityHeaders } from "@/lib/security-headers";
import { servedRoute } from "@/lib/served-routes";

const MAX_BODY_BYTES = 64 * 1024;

const development = process.env.NODE_ENV !== "production";
// tsx turns source maps on for this file; left on, every Error Next.js creates (a redirect, a
// not-found) would look up source maps of the whole build. `next start` runs without them too.
if (!development) process.setSourceMapsEnabled(false);

const port = Number(process.env.PORT ?? 3000);
const hostname = process.env.HOSTNAME ?? "0.0.0.0";
// A development server has nobody in front of it; production has one proxy unless told otherwise.
const hops = Number(process.env.TRUSTED_PROXY_HOPS ?? (development ? 0 : 1));
const appUrl = new URL(process.env.APP_URL ?? `http://localhost:${port}`);

const app = next({ dev: development, hostname, port, dir: process.cwd() });
const handle = app.getRequestHandler();
await app.prepare();
// As `next start` does: Next renders the target of a server action's redirect by
// requesting it from itself, and must do so here, not at an address from the request.
process.env.__NEXT_PRIVATE_ORIGIN = `http://${hostname === "0.0.0.0" ? "127.0.0.1" : hostname}:${port}`;

const server = createServer((request, response) => {
  if (Number(request.headers["content-length"] ?? 0) > MAX_BODY_BYTES) {
    response.writeHead(413, { "content-type": "text/plain; charset=utf-8", connection: "close" });
    response.end("This request is too large. Nothing was changed.\n");
    request.destroy();
    return;
  }
  const client = clientAddress(request.headers["x-forwarded-for"], request.socket.remoteAddress, hops);
  // Empty rather than absent when unknown: Next.js would fill in the connection's address (a proxy's).
  request.headers["x-forwarded-for"] = client ?? "";
  // In development the browser may use localhost or 127.0.0.1 (lib/app-origin.ts), and Next's
  // origin check of server actions compares against the Host it came with.
  if (!development) {
    request.headers.host = appUrl.host;
    request.headers["x-forwarded-host"] = appUrl.host;
    request.headers["x-forwarded-proto"] = appUrl.protocol.replace(":", "");
    request.headers["x-forwarded-port"] = appUrl.port || (appUrl.protocol === "https:" ? "443" : "80");
  }
  const headers = securityHeaders(request.url ?? "/", { appUrl: appUrl.origin, development });
  Object.assign(request.headers, headers.request);
  for (const [name, value] of Object.entries(headers.response)) response.setHeader(name, value);
  // The sign-in steps, in production (lib/form-route.ts); everything else is Next's.
  const route = servedRoute(request.method, request.url);
  if (route) void route(request, response);
  else void handle(request, response);
});
server.listen(port, hostname, () => {
  console.log(`Customer area on ${appUrl.origin} (listening on ${hostname}:${port})`);
});
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    server.close(() => process.exit(0));
    server.closeAllConnections();
  });
}
