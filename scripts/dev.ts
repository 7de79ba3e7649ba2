/**
 * npm run dev: `next dev`, plus what development needs: the database migrated,
 * the demo account seeded, and a banner with the addresses and demo users.
 * With PGlite, Next.js starts at once and compiles the
 * sign-in page while the migrations run; it opens the PGlite directory only
 * after this script has closed it (a gate file, lib/db.ts), since only one
 * process may hold it. With DATABASE_URL, the database is ready before Next.js starts.
 */
import { spawn } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { startDemoIdentityProvider } from "@/scripts/demo-identity-provider";
import { devAppUrl, devHostname, devPort } from "@/scripts/dev-port";
import { loadEnv } from "@/scripts/load-env";
import { config } from "@/lib/config";
import { createAdapterFactory, disconnectDb } from "@/lib/db";
import { applyMigrations } from "@/lib/migrations";
import { DEMO_PASSWORD, DEMO_USERS, seedDemoAccount } from "@/prisma/seed";

loadEnv({ production: false });
// The port from `-p N` or PORT, as `next dev` would; the app's own address (links in
// mails, the Origin that server actions must come from) follows it unless APP_URL is set.
const args = process.argv.slice(2);
const port = devPort(args, process.env);
process.env.PORT = String(port);
process.env.APP_URL = devAppUrl(port, process.env);

/**
 * "Continue with Demo SSO": an OpenID Connect provider on loopback, started
 * here and only here, so that a newcomer can try sign-in through a provider
 * (and its second factor) with nothing configured. It is never part of a
 * production build: the app only sees the AUTH_OIDC_* variables it sets.
 * A configured issuer (AUTH_OIDC_ISSUER) replaces it.
 */
async function startDemoSso(): Promise<string | undefined> {
  if (process.env.AUTH_OIDC_ISSUER) return undefined;
  const clientId = "customer-area-dev";
  const clientSecret = randomBytes(24).toString("base64url");
  const demo = await startDemoIdentityProvider({
    port: 0,
    clientId,
    clientSecret,
    redirectUris: [`${process.env.APP_URL}/api/auth/callback/oidc`],
  });
  Object.assign(process.env, {
    AUTH_OIDC_ISSUER: demo.issuer,
    AUTH_OIDC_ID: clientId,
    AUTH_OIDC_SECRET: clientSecret,
    AUTH_OIDC_NAME: "Demo SSO",
  });
  return demo.issuer;
}
const demoSso = await startDemoSso();
const settings = config();

// The dev server shows everyone's codes at /dev/mailbox: it listens on this machine
// only, unless asked otherwise (`npm run dev -- -H 0.0.0.0`).
process.env.HOSTNAME = devHostname(args) ?? "127.0.0.1";

/** Next's own development server, with the port and host decided above. */
function startServer(env: NodeJS.ProcessEnv) {
  const nextArgs = ["dev", "--port", String(port), "--hostname", process.env.HOSTNAME!];
  const child = spawn(path.join("node_modules", ".bin", "next"), nextArgs, {
    stdio: "inherit",
    env: { ...env, NODE_ENV: "development" },
  });
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => child.kill(signal));
  child.on("exit", (code) => process.exit(code ?? 0));
  return child;
}

/** Asks for the sign-in page (no cookie, so no database) as soon as Next.js answers, so that it compiles now. */
async function compileSignInPage(): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    try {
      await fetch(`http://127.0.0.1:${port}/sign-in`);
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

async function prepareDatabase(): Promise<void> {
  const applied = await applyMigrations(createAdapterFactory());
  if (applied.length > 0) console.log(`Applied migrations: ${applied.join(", ")}`);
  await seedDemoAccount();
  await disconnectDb();
}

const gate = settings.databaseUrl ? undefined : `${settings.pgliteDataDir}.preparing`;
let server: ReturnType<typeof startServer> | undefined;
if (gate) {
  mkdirSync(path.dirname(gate), { recursive: true });
  writeFileSync(gate, `${process.pid}\n`);
  server = startServer({ ...process.env, DEV_DATABASE_GATE: gate });
  void compileSignInPage();
}
try {
  await prepareDatabase();
} catch (error) {
  server?.kill("SIGTERM");
  throw error;
} finally {
  if (gate) rmSync(gate, { force: true });
}

const database = settings.databaseUrl ? "PostgreSQL (DATABASE_URL)" : `PGlite in ${settings.pgliteDataDir}`;
console.log(`
  Customer area:  ${settings.appUrl}
  Database:       ${database}
  Mail:           ${settings.smtpUrl ? "SMTP_URL" : `development outbox at ${settings.appUrl}/dev/mailbox`}
  Demo users:     ${DEMO_USERS.map((user) => user.email).join(", ")}
  Demo password:  ${DEMO_PASSWORD}
  Demo SSO:       ${demoSso ? `${demoSso} (any email, any password: "Continue with Demo SSO")` : "off: AUTH_OIDC_ISSUER is set"}
`);
server ??= startServer(process.env);
