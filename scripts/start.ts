/**
 * npm start: check the production configuration first, so a missing SMTP_URL
 * or secret stops the start with a clear message instead of failing later,
 * then run the app's server (scripts/server.ts).
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

/** `npm start -- -p 3100 -H 127.0.0.1`, as with `next start`; PORT and HOSTNAME work too. */
function flag(names: string[]): string | undefined {
  const args = process.argv.slice(2);
  const index = args.findIndex((arg) => names.includes(arg));
  return index >= 0 ? args[index + 1] : undefined;
}

const next = spawn("npx", ["tsx", "scripts/server.ts"], {
  stdio: "inherit",
  env: {
    ...process.env,
    NODE_ENV: "production",
    PORT: flag(["-p", "--port"]) ?? process.env.PORT ?? "3000",
    HOSTNAME: flag(["-H", "--hostname"]) ?? process.env.HOSTNAME ?? "0.0.0.0",
  },
});
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => next.kill(signal));
next.on("exit", (code) => process.exit(code ?? 0));
