import "server-only";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import pg from "pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { databaseConfig } from "@/lib/config";
import { Prisma, PrismaClient } from "@/lib/generated/prisma/client";

/**
 * The one PrismaClient of the process: PostgreSQL (node-postgres) when
 * DATABASE_URL is set, else an in-process PGlite database in PGLITE_DATA_DIR.
 *
 * PGlite runs a single connection: queries and transactions queue behind each
 * other. Inside `db.$transaction(async (tx) => ...)` use `tx` only; a query on
 * `db` there waits for the transaction that waits for it, until Prisma's
 * transaction timeout ends both.
 */

type Driver = { kind: "postgres"; pool: pg.Pool } | { kind: "pglite"; pglite: PGlite };

type DbState = { driver: Driver; client: PrismaClient | undefined };

// On globalThis, not in a module variable: Next's dev server re-evaluates modules
// on every edit, and a PGlite data directory can be opened only once per process.
const globalForDb = globalThis as typeof globalThis & { __securityAndAccessDb?: DbState };

/**
 * `npm run dev` starts Next.js while it still migrates and seeds the PGlite
 * directory, so that the first page compiles meanwhile (scripts/dev.ts). A
 * PGlite directory is for one process at a time: until that script has closed
 * it (and removed the gate file it names here), the dev server waits to open it.
 */
const DEV_DATABASE_GATE_WAIT_MS = 120_000;

function waitForDevDatabaseGate(): void {
  const gate = process.env.DEV_DATABASE_GATE;
  if (!gate) return;
  const pause = new Int32Array(new SharedArrayBuffer(4));
  const deadline = Date.now() + DEV_DATABASE_GATE_WAIT_MS;
  while (existsSync(gate)) {
    if (Date.now() > deadline) throw new Error(`npm run dev is still preparing the database (${gate} exists).`);
    // A synchronous pause: the client is created synchronously, and only the first query of a first start waits.
    Atomics.wait(pause, 0, 0, 100);
  }
}

/** PGlite creates its directory but not the folders above it (`.data/` on a fresh clone). */
function openPGlite(dataDir: string): PGlite {
  if (!dataDir.includes("://")) mkdirSync(path.dirname(path.resolve(dataDir)), { recursive: true });
  return new PGlite(dataDir);
}

function dbState(): DbState {
  if (!globalForDb.__securityAndAccessDb) {
    const { databaseUrl, pgliteDataDir } = databaseConfig();
    if (!databaseUrl) waitForDevDatabaseGate();
    const driver: Driver = databaseUrl
      ? { kind: "postgres", pool: new pg.Pool({ connectionString: databaseUrl }) }
      : { kind: "pglite", pglite: openPGlite(pgliteDataDir) };
    globalForDb.__securityAndAccessDb = { driver, client: undefined };
  }
  return globalForDb.__securityAndAccessDb;
}

/**
 * A driver adapter factory on the process's database connection (the same pool
 * or PGlite instance as `db`), for the client and for lib/migrations.ts.
 */
export function createAdapterFactory(): SqlMigrationAwareDriverAdapterFactory {
  const { driver } = dbState();
  return driver.kind === "postgres" ? new PrismaPg(driver.pool) : new PrismaPGlite(driver.pglite);
}

function client(): PrismaClient {
  const state = dbState();
  state.client ??= new PrismaClient({ adapter: createAdapterFactory() });
  return state.client;
}

/**
 * Created on first use, so that importing a module that uses the database (as
 * `next build` does to collect routes) opens no connection and no data directory.
 */
export const db: PrismaClient = new Proxy({} as PrismaClient, {
  get(_target, property) {
    const target = client();
    const value: unknown = Reflect.get(target, property, target);
    return typeof value === "function" ? value.bind(target) : value;
  },
});

/**
 * Tests: serve `db` from this PGlite instance instead of PGLITE_DATA_DIR (the
 * integration setup restores a migrated snapshot in 0.4 s, where a fresh
 * in-memory database spends 2 s in initdb). Must come before the first query.
 */
export function adoptPglite(pglite: PGlite): void {
  if (globalForDb.__securityAndAccessDb) throw new Error("adoptPglite() must run before the database is opened");
  globalForDb.__securityAndAccessDb = { driver: { kind: "pglite", pglite }, client: undefined };
}

/** Closes the client and the pool or PGlite instance; the next use of `db` reopens. */
export async function disconnectDb(): Promise<void> {
  const state = globalForDb.__securityAndAccessDb;
  if (!state) return;
  globalForDb.__securityAndAccessDb = undefined;
  await state.client?.$disconnect();
  if (state.driver.kind === "postgres") await state.driver.pool.end();
  else await state.driver.pglite.close();
}

const TIMESTAMP_OID = 1114;

/** `timestamp(3)` text ("2026-12-07 09:30:00.123"), which is UTC here (as Prisma writes it), as a Date. */
function utcTimestamp(text: string): Date {
  return new Date(`${text.replace(" ", "T")}Z`);
}

const pgTypes = {
  getTypeParser: ((oid: number, format?: "text" | "binary") =>
    oid === TIMESTAMP_OID ? utcTimestamp : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};
const pgliteParsers = { [TIMESTAMP_OID]: utcTimestamp };

/**
 * Names for the hot statements, so that each PostgreSQL connection parses and
 * plans a statement once and then only binds and executes it: planning was
 * about half of what PostgreSQL spent on a sign-in or a render. Bounded, in
 * case a statement's text ever varies without end (it would then go unnamed).
 */
const statementNames = new Map<string, string>();
const MAX_NAMED_STATEMENTS = 500;

function statementName(text: string): string | undefined {
  let name = statementNames.get(text);
  if (!name && statementNames.size < MAX_NAMED_STATEMENTS) {
    name = `hot_${createHash("sha256").update(text).digest("base64url").slice(0, 24)}`;
    statementNames.set(text, name);
  }
  return name;
}

/** PostgreSQL refuses a prepared statement whose result columns a migration changed since (SQLSTATE 0A000). */
function isStalePreparedStatement(error: unknown): boolean {
  return error instanceof Error && (error as Error & { code?: string }).code === "0A000";
}

/**
 * One statement straight to the driver (the pool or PGlite instance `db` uses),
 * for the few on the hottest paths: the session read of every request, the
 * password step, the second step, Security and access. Prisma's client engine
 * adds about 0.17 ms of CPU to each raw statement and more to a read with
 * relations (0.47 ms for the session with its user, 0.9 ms for Security and
 * access) on a 2-core machine; here a statement costs the driver's 0.1 ms, and
 * on PostgreSQL it is a prepared statement of its connection (statementName).
 * Everything else uses `db`.
 *
 * A tagged template like `db.$queryRaw`, or a `Prisma.sql` fragment (so that
 * statements can share parts): each `${value}` is a parameter ($1, $2, ...),
 * never SQL text. Dates go as UTC, as Prisma sends them. Not inside a
 * `db.$transaction`: PGlite runs one statement at a time, so this one would
 * wait for the transaction.
 */
export async function sql<Row>(statement: TemplateStringsArray | Prisma.Sql, ...values: unknown[]): Promise<Row[]> {
  const query = statement instanceof Prisma.Sql ? statement : Prisma.sql(statement, ...values);
  const params = query.values.map((value) => (value instanceof Date ? value.toISOString() : value));
  const { driver } = dbState();
  if (driver.kind === "pglite") return (await driver.pglite.query<Row>(query.text, params, { parsers: pgliteParsers })).rows;
  const config = { text: query.text, values: params, types: pgTypes };
  try {
    return (await driver.pool.query({ ...config, name: statementName(query.text) })).rows as Row[];
  } catch (error) {
    if (!isStalePreparedStatement(error)) throw error;
    return (await driver.pool.query(config)).rows as Row[];
  }
}

/** A write refused by a unique constraint (P2002): the row is already there, e.g. a method turned on twice at once. */
export function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";
}
