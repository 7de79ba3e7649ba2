/**
 * The app as the e2e suite meets it: the production build on Next.js's own
 * server (`next start`, or the standalone server with NEXT_SERVER=standalone,
 * scripts/next-server.ts), on a fresh database (PGlite by default, PostgreSQL
 * with E2E_DATABASE=postgres), mail to the loopback SMTP sink. Started by
 * playwright.config.ts.
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, rmSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { nextServerCommand, nextServerKind } from "@/scripts/next-server";
import { testPostgres } from "@/tests/support/postgres-server";

const port = process.env.E2E_APP_PORT ?? "3100";
const usePostgres = process.env.E2E_DATABASE === "postgres";
const env: NodeJS.ProcessEnv = {
  ...process.env,
  NODE_ENV: "production",
  // localhost, not 127.0.0.1: browsers refuse WebAuthn (security keys, passkeys) on an IP address,
  // since an RP id must be a domain. The server still listens on 127.0.0.1 only.
  APP_URL: `http://localhost:${port}`,
  MAIL_FROM: "Acme customer area <no-reply@example.test>",
  // Fixed test secrets: never used outside this throw-away server.
  AUTH_SECRET: "e2e-auth-secret-e2e-auth-secret-e2e-auth-secret",
  TOTP_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString("base64"),
};

const postgres = usePostgres ? await testPostgres({ label: "e2e", url: process.env.TEST_POSTGRES_URL }) : undefined;
if (postgres) {
  const { adminUrl } = postgres;
  const database = `e2e_${process.pid}_${Date.now()}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${database}"`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  env.DATABASE_URL = url.toString();
  console.log(`e2e database: PostgreSQL ${database}`);
} else {
  const dataDir = path.resolve(".data/e2e-pglite");
  rmSync(dataDir, { recursive: true, force: true });
  env.PGLITE_DATA_DIR = dataDir;
  delete env.DATABASE_URL;
  console.log(`e2e database: PGlite ${dataDir}`);
}

function run(command: string, args: string[]): void {
  const result = spawnSync(command, args, { stdio: "inherit", env });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

if (!existsSync(".next/BUILD_ID")) run("npx", ["next", "build"]);
run("npm", ["run", "--silent", "db:migrate"]);

const kind = nextServerKind();
const serve = nextServerCommand(kind, { port: Number(port), hostname: "127.0.0.1" });
console.log(`e2e server: ${kind === "start" ? "next start" : "node .next/standalone/server.js"}`);
const server = spawn(serve.command, serve.args, {
  stdio: "inherit",
  env: { ...env, ...serve.env, TRUSTED_PROXY_HOPS: "0", LINK_MAILS_PER_CLIENT_PER_HOUR: "1000" },
});
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => server.kill(signal));
server.on("exit", (code) => void (postgres?.stop() ?? Promise.resolve()).finally(() => process.exit(code ?? 0)));
