/**
 * Runs before each integration test file's own imports: gives the file a fresh,
 * migrated database, then `import { db } from "@/lib/db"` in the test uses it.
 *   integration-pglite:   an in-memory PGlite restored from the migrated snapshot
 *                         of integration-global-setup.ts
 *   integration-postgres: a new database it_<random>, dropped after, on the server
 *                         that integration-postgres-global-setup.ts found or started
 */
import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { afterAll, inject } from "vitest";

async function onAdminDatabase(sql: string): Promise<void> {
  const admin = new pg.Client({ connectionString: inject("postgresAdminUrl") });
  await admin.connect();
  try {
    await admin.query(sql);
  } finally {
    await admin.end();
  }
}

let createdDatabase: string | undefined;

if (process.env.TEST_DATABASE === "postgres") {
  createdDatabase = `it_${randomBytes(8).toString("hex")}`;
  await onAdminDatabase(`CREATE DATABASE "${createdDatabase}"`);
  const url = new URL(inject("postgresAdminUrl"));
  url.pathname = `/${createdDatabase}`;
  process.env.DATABASE_URL = url.toString();
} else if (process.env.TEST_DATABASE === "pglite") {
  delete process.env.DATABASE_URL;
  process.env.PGLITE_DATA_DIR = "memory://";
} else {
  throw new Error("Run integration tests through a Vitest project (integration-pglite or integration-postgres)");
}

// Imported only now, so that lib/config.ts reads the variables set above.
const { createAdapterFactory, disconnectDb, adoptPglite } = await import("@/lib/db");
if (createdDatabase) {
  const { applyMigrations } = await import("@/lib/migrations");
  await applyMigrations(createAdapterFactory());
} else {
  const snapshot = new Blob([await readFile(inject("pgliteSnapshotPath"))]);
  adoptPglite(new PGlite({ loadDataDir: snapshot }));
}

afterAll(async () => {
  await disconnectDb();
  if (createdDatabase) await onAdminDatabase(`DROP DATABASE IF EXISTS "${createdDatabase}" WITH (FORCE)`);
});
