import pg from "pg";

/**
 * The PostgreSQL server of integration-postgres, on its maintenance database:
 * the one integration-postgres-global-setup.ts found or started (postgres-server.ts),
 * set once per process, in the global setup and in each test file's setup.
 */
let adminUrl: string | undefined;

export function usePostgresServer(url: string): void {
  adminUrl = url;
}

function serverUrl(): string {
  if (!adminUrl) throw new Error("No PostgreSQL server yet: integration-postgres-global-setup.ts runs first");
  return adminUrl;
}

/** Runs one statement (CREATE or DROP DATABASE) on the server's maintenance database. */
export async function onAdminDatabase(sql: string): Promise<void> {
  const admin = new pg.Client({ connectionString: serverUrl() });
  await admin.connect();
  try {
    await admin.query(sql);
  } finally {
    await admin.end();
  }
}

/** The connection URL of database `name` on the same server. */
export function databaseUrl(name: string): string {
  const url = new URL(serverUrl());
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * Drops a test file's database once its own connections are gone. pool.end()
 * can resolve while a connection is still saying goodbye; dropping WITH (FORCE)
 * then would end it with an error the closed pool no longer listens for (an
 * uncaught exception in the file that just finished). FORCE stays for a file
 * whose connections never close.
 */
export async function dropDatabase(name: string, { timeoutMs = 5_000 } = {}): Promise<void> {
  const admin = new pg.Client({ connectionString: serverUrl() });
  await admin.connect();
  try {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const { rows } = await admin.query<{ open: number }>("SELECT count(*)::int AS open FROM pg_stat_activity WHERE datname = $1", [name]);
      if (rows[0]?.open === 0 || Date.now() > deadline) break;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}
