/**
 * Everything the bench runs against, set up in order and registered for
 * cleanup as it goes: a fresh database (migrated, seeded), a loopback SMTP
 * sink, the statement-counting proxy, and two production servers on that
 * database: the measured one, connected to PostgreSQL directly as in
 * production, and one behind the counting proxy, whose statements (and, with
 * BENCH_PLANS=1, plans) the bench reads. The proxy costs CPU per statement
 * that no production server pays (about 1.2 ms per sign-in on 2 cores), so
 * it stays out of the measured path.
 */
import { existsSync } from "node:fs";
import { onCleanup } from "@/scripts/bench/cleanup";
import {
  createBenchDatabase,
  dropBenchDatabase,
  explainEveryStatement,
  migrateBenchDatabase,
} from "@/scripts/bench/database";
import { BENCH_PASSWORD, type SeededUsers, seedBenchUsers } from "@/scripts/bench/seed";
import { type BenchServer, startServer } from "@/scripts/bench/server";
import { type SqlCounter, startSqlCounter } from "@/scripts/bench/sql-counter";
import { startSmtpSink } from "@/tests/support/smtp-sink";

// Fixed throw-away secrets: they protect nothing but the bench's own database.
const AUTH_SECRET = "bench-auth-secret-bench-auth-secret-bench-auth";
const TOTP_ENCRYPTION_KEY = Buffer.alloc(32, 11).toString("base64");

export type BenchEnvironment = {
  /** The measured server (none when `countingOnly`: BENCH_PLANS=1 measures nothing). */
  server: BenchServer | undefined;
  /** The same build behind the SQL counter: statements and plans. */
  countingServer: BenchServer;
  sqlCounter: SqlCounter;
  seeded: SeededUsers;
  password: string;
  databaseName: string;
};

/** A problem the person running the bench can fix: printed as a sentence, without a stack trace. */
export class BenchSetupError extends Error {
  override name = "BenchSetupError";
}

function portFromEnv(): number {
  const port = Number(process.env.BENCH_PORT ?? 3300);
  if (!Number.isInteger(port) || port < 1 || port > 65_532) throw new BenchSetupError("BENCH_PORT must be a TCP port");
  return port;
}

function log(message: string): void {
  console.log(`[bench] ${message}`);
}

/** BENCH_PORT (3300) for the measured server, the next three for the SQL proxy, the SMTP sink and the counting server. */
export async function startBenchEnvironment(options: {
  users: number;
  events: number;
  /** BENCH_PLANS=1: every statement of the app is explained (plans.ts); the figures are then not measured. */
  explainPlans?: boolean;
  /** No measured server: only the counting one (plans, a capture of the browser's requests). */
  countingOnly?: boolean;
}): Promise<BenchEnvironment> {
  // The bench measures the build that is there; building here would hide a stale one.
  if (!existsSync(".next/BUILD_ID")) throw new BenchSetupError("No production build: run `npm run build` first.");
  const port = portFromEnv();

  const database = await createBenchDatabase();
  onCleanup("drop database", () => dropBenchDatabase(database.name));
  log(`database ${database.name}`);
  let started = Date.now();
  await migrateBenchDatabase(database);
  const seeded = await seedBenchUsers({
    databaseUrl: database.url,
    totpEncryptionKey: TOTP_ENCRYPTION_KEY,
    users: options.users,
    events: options.events,
  });
  log(
    `migrated and seeded ${seeded.plainUsers.length} users without 2FA, ${seeded.totpUsers.length} with an authentication app, ` +
      `${options.events} security events in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );

  if (options.explainPlans) await explainEveryStatement(database);

  const sqlCounter = await startSqlCounter(
    { host: database.host, port: database.port },
    { listenPort: port + 1, collectNotices: options.explainPlans === true },
  );
  onCleanup("SQL proxy", () => sqlCounter.close());
  const smtpSink = await startSmtpSink({ port: port + 2 });
  onCleanup("SMTP sink", () => smtpSink.close());

  const proxiedUrl = new URL(database.url);
  proxiedUrl.hostname = "127.0.0.1";
  proxiedUrl.port = String(sqlCounter.port);
  const serverOptions = {
    smtpUrl: smtpSink.url,
    authSecret: AUTH_SECRET,
    totpEncryptionKey: TOTP_ENCRYPTION_KEY,
  };
  started = Date.now();
  const countingServer = await startServer({ ...serverOptions, port: port + 3, databaseUrl: proxiedUrl.toString() });
  onCleanup("counting server", () => countingServer.stop());
  const server = options.countingOnly
    ? undefined
    : await startServer({ ...serverOptions, port, databaseUrl: database.url });
  if (server) onCleanup("server", () => server.stop());
  log(
    `${server ? `server ${server.url} (pid ${server.serverPid}), ` : ""}counting server ${countingServer.url} ` +
      `(pid ${countingServer.serverPid}) ready in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );

  return { server, countingServer, sqlCounter, seeded, password: BENCH_PASSWORD, databaseName: database.name };
}
