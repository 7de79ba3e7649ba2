import { defineConfig } from "prisma/config";

// Only `prisma generate` uses this file; migrations run through scripts/migrate.ts
// (Prisma's WebAssembly schema engine), which works on PGlite and PostgreSQL alike.
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
});
