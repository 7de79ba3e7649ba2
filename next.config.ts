import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // PGlite ships a WebAssembly Postgres and argon2 a native addon: load both from node_modules.
  serverExternalPackages: ["@electric-sql/pglite", "pglite-prisma-adapter", "argon2"],
  poweredByHeader: false,
  // The dev server would print every server action's arguments, including the
  // previous form state; 2FA states can hold a setup key, which must never be logged.
  logging: { serverFunctions: false },
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "X-Frame-Options", value: "DENY" },
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "Referrer-Policy", value: "same-origin" },
        ],
      },
    ];
  },
};

export default nextConfig;
