/**
 * npm run dev: migrate the database, seed the demo account (development only),
 * then hand over to `next dev`. The PGlite directory is closed before Next.js
 * opens it, since only one process may hold it.
 */
import { spawn } from "node:child_process";
import { devAppUrl, devPort } from "@/scripts/dev-port";
import { loadEnv } from "@/scripts/load-env";
import { config } from "@/lib/config";
import { createAdapterFactory, disconnectDb } from "@/lib/db";
import { applyMigrations } from "@/lib/migrations";
import { DEMO_PASSWORD, DEMO_USERS, seedDemoAccount } from "@/prisma/seed";

loadEnv({ production: false });
// `next dev` reads the port from its arguments or PORT; the app's own address (links in
// mails, the Origin that server actions must come from) follows it unless APP_URL is set.
const args = process.argv.slice(2);
const port = devPort(args, process.env);
process.env.PORT = String(port);
process.env.APP_URL = devAppUrl(port, process.env);
const settings = config();
const applied = await applyMigrations(createAdapterFactory());
if (applied.length > 0) console.log(`Applied migrations: ${applied.join(", ")}`);
await seedDemoAccount();
await disconnectDb();

const database = settings.databaseUrl ? "PostgreSQL (DATABASE_URL)" : `PGlite in ${settings.pgliteDataDir}`;
console.log(`
  Customer area:  ${settings.appUrl}
  Database:       ${database}
  Mail:           ${settings.smtpUrl ? "SMTP_URL" : `development outbox at ${settings.appUrl}/dev/mailbox`}
  Demo users:     ${DEMO_USERS.map((user) => user.email).join(", ")}
  Demo password:  ${DEMO_PASSWORD}
`);

// The dev server shows everyone's codes at /dev/mailbox: it listens on this machine
// only, unless asked otherwise (`npm run dev -- -H 0.0.0.0`).
const hostname = args.some((arg) => arg === "-H" || arg === "--hostname") ? [] : ["-H", "127.0.0.1"];
const next = spawn("npx", ["next", "dev", ...hostname, ...args], { stdio: "inherit" });
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => next.kill(signal));
next.on("exit", (code) => process.exit(code ?? 0));
