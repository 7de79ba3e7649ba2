/**
 * integration-postgres, once per run: a migrated template database, which each
 * test file copies (CREATE DATABASE ... TEMPLATE, a file copy on the server)
 * instead of running every migration through the schema engine again.
 */
import { randomBytes } from "node:crypto";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { migrateOneAtATime } from "@/tests/support/migrate-one-at-a-time";
import { databaseUrl, onAdminDatabase } from "@/tests/support/postgres-admin";

declare module "vitest" {
  export interface ProvidedContext {
    postgresTemplateDatabase: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const template = `it_template_${randomBytes(8).toString("hex")}`;
  await onAdminDatabase(`CREATE DATABASE "${template}"`);
  // Every connection to the template must be closed before a file copies it.
  const pool = new pg.Pool({ connectionString: databaseUrl(template) });
  try {
    await migrateOneAtATime(new PrismaPg(pool));
  } finally {
    await pool.end();
  }
  project.provide("postgresTemplateDatabase", template);
  return () => onAdminDatabase(`DROP DATABASE IF EXISTS "${template}" WITH (FORCE)`);
}
