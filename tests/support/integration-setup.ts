/**
 * Runs before each integration test file's own imports: gives the file a fresh,
 * migrated database, then `import { db } from "@/lib/db"` in the test uses it.
 *   integration-pglite:   an in-memory PGlite restored from the migrated snapshot
 *                         of integration-global-setup.ts
 *   integration-postgres: a new database it_<random>, copied from the migrated template
 *                         of postgres-global-setup.ts, dropped after, on the server that
 *                         integration-postgres-global-setup.ts found or started
 */
import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import { PGlite } from "@electric-sql/pglite";
import { afterAll, inject } from "vitest";
import { databaseUrl, dropDatabase, onAdminDatabase, usePostgresServer } from "@/tests/support/postgres-admin";

let createdDatabase: string | undefined;

if (process.env.TEST_DATABASE === "postgres") {
  createdDatabase = `it_${randomBytes(8).toString("hex")}`;
  usePostgresServer(inject("postgresAdminUrl"));
  await onAdminDatabase(`CREATE DATABASE "${createdDatabase}" TEMPLATE "${inject("postgresTemplateDatabase")}"`);
  process.env.DATABASE_URL = databaseUrl(createdDatabase);
} else if (process.env.TEST_DATABASE === "pglite") {
  delete process.env.DATABASE_URL;
  process.env.PGLITE_DATA_DIR = "memory://";
} else {
  throw new Error("Run integration tests through a Vitest project (integration-pglite or integration-postgres)");
}

// Imported only now, so that lib/config.ts reads the variables set above.
const { disconnectDb, adoptPglite } = await import("@/lib/db");
if (!createdDatabase) {
  const snapshot = new Blob([await readFile(inject("pgliteSnapshotPath"))]);
  adoptPglite(new PGlite({ loadDataDir: snapshot }));
}

afterAll(async () => {
  await disconnectDb();
  if (createdDatabase) await dropDatabase(createdDatabase);
});
