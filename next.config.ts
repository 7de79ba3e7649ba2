import type { NextConfig } from "next";
import { MAX_BODY_BYTES } from "./lib/request-limits";
import { STATIC_SECURITY_HEADERS } from "./lib/security-headers";

const nextConfig: NextConfig = {
  // `npm run build` also writes a self-contained server: `node .next/standalone/server.js` (README, Production).
  output: "standalone",
  // PGlite ships a WebAssembly Postgres and argon2 a native addon: load both from node_modules.
  serverExternalPackages: ["@electric-sql/pglite", "pglite-prisma-adapter", "argon2"],
  poweredByHeader: false,
  // Compressing is the reverse proxy's job in production (nginx, a load balancer, a CDN): it does so in
  // native code, off the app's cores, and the app's CPU goes to sign-ins. Without such a proxy,
  // COMPRESS_RESPONSES=true when the server starts lets Node gzip the responses itself.
  compress: process.env.COMPRESS_RESPONSES === "true",
  // The dev server would print every server action's arguments, including the
  // previous form state; 2FA states can hold a setup key, which must never be logged.
  logging: { serverFunctions: false },
  experimental: { serverActions: { bodySizeLimit: MAX_BODY_BYTES } },
  // The security headers that never change, on every answer (proxy.ts adds the per-request ones).
  async headers() {
    return [{ source: "/:path*", headers: [...STATIC_SECURITY_HEADERS] }];
  },
};

export default nextConfig;
