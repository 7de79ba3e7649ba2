import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // PGlite ships a WebAssembly Postgres and argon2 a native addon: load both from node_modules.
  serverExternalPackages: ["@electric-sql/pglite", "pglite-prisma-adapter", "argon2"],
  poweredByHeader: false,
  // Compressing is the reverse proxy's job in production (nginx, a load balancer, a CDN): it does
  // so in native code, off the app's cores, and the app's CPU goes to sign-ins. Without such a
  // proxy, COMPRESS_RESPONSES=true at start lets Node gzip the responses itself.
  compress: process.env.COMPRESS_RESPONSES === "true",
  // The dev server would print every server action's arguments, including the
  // previous form state; 2FA states can hold a setup key, which must never be logged.
  logging: { serverFunctions: false },
  // The largest real form (a password change: two passwords of at most 1,024 characters) is a few KB.
  // scripts/server.ts refuses larger bodies before they are read, when they say their length.
  experimental: { serverActions: { bodySizeLimit: "64kb" } },
};

export default nextConfig;
