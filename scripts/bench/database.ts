/**
 * The bench's own PostgreSQL database: created fresh, migrated with the
 * project's migrations, dropped at the end, so a run never touches anyone
 * else's data and two runs never see each other's rows. It drops only the
 * database it created: on a shared server, another machine's run is not
 * this machine's process, so no pid says whose a leftover is.
 */
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { applyMigrations } from "@/lib/migrations";
import { onCleanup } from "@/scripts/bench/cleanup";
import { AUTO_EXPLAIN_SETTINGS } from "@/scripts/bench/plans";
import { type TestPostgres, testPostgres } from "@/tests/support/postgres-server";

let postgres: Promise<TestPostgres> | undefined;
/** Found or started on first use; its cleanup, registered first, runs last (after the drop). */
function adminUrl(): Promise<string> {
  postgres ??= testPostgres({ label: "[bench] PostgreSQL", url: process.env.BENCH_POSTGRES_URL }).then((server) => {
    onCleanup("PostgreSQL", () => server.stop());
    return server;
  });
  return postgres.then((server) => server.adminUrl);
}

export type BenchDatabase = { name: string; url: string; host: string; port: number };

async function withAdmin<T>(run: (client: pg.Client) => Promise<T>): Promise<T> {
  const admin = new pg.Client({ connectionString: await adminUrl() });
  await admin.connect();
  try {
    return await run(admin);
  } finally {
    await admin.end();
  }
}

export async function createBenchDatabase(): Promise<BenchDatabase> {
  const name = `bench_${process.pid}_${Date.now()}`;
  await withAdmin((admin) => admin.query(`CREATE DATABASE "${name}"`));
  const url = new URL(await adminUrl());
  url.pathname = `/${name}`;
  return { name, url: url.toString(), host: url.hostname, port: Number(url.port || 5432) };
}

export async function migrateBenchDatabase(database: BenchDatabase): Promise<void> {
  const pool = new pg.Pool({ connectionString: database.url, max: 2 });
  try {
    await applyMigrations(new PrismaPg(pool));
  } finally {
    await pool.end();
  }
}

/** auto_explain for every connection opened from now on (the app's pool has none yet). */
export async function explainEveryStatement(database: BenchDatabase): Promise<void> {
  await withAdmin(async (admin) => {
    for (const [name, value] of Object.entries(AUTO_EXPLAIN_SETTINGS)) {
      await admin.query(`ALTER DATABASE "${database.name}" SET ${name} = '${value}'`);
    }
  });
}

/** WITH (FORCE) ends the server's pooled connections, which may still be open after a crash. */
export async function dropBenchDatabase(name: string): Promise<void> {
  await withAdmin((admin) => admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
}
