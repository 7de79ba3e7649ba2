/**
 * integration-postgres, once per run: find or start the PostgreSQL server on
 * which each test file creates its own database (see postgres-server.ts).
 */
import type { TestProject } from "vitest/node";
import { usePostgresServer } from "@/tests/support/postgres-admin";
import { testPostgres } from "@/tests/support/postgres-server";

declare module "vitest" {
  export interface ProvidedContext {
    postgresAdminUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const postgres = await testPostgres({ label: "integration-postgres", url: process.env.TEST_POSTGRES_URL });
  project.provide("postgresAdminUrl", postgres.adminUrl);
  // For postgres-global-setup.ts, which runs next in this process.
  usePostgresServer(postgres.adminUrl);
  return () => postgres.stop();
}
