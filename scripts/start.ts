/**
 * npm start: check the production configuration first, so a missing SMTP_URL
 * or secret stops the start with a clear message instead of failing later.
 * Migrations are a separate step (npm run db:migrate), so that several app
 * instances can start at once against one PostgreSQL.
 */
import { spawn } from "node:child_process";
import { ConfigError, loadConfig } from "@/lib/config";
import { loadEnv } from "@/scripts/load-env";

loadEnv({ production: true });

try {
  loadConfig({ ...process.env, NODE_ENV: "production" });
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(`Cannot start: ${error.message}`);
  process.exit(1);
}

const next = spawn("npx", ["next", "start", ...process.argv.slice(2)], {
  stdio: "inherit",
  env: { ...process.env, NODE_ENV: "production" },
});
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => next.kill(signal));
next.on("exit", (code) => process.exit(code ?? 0));
