import { spawn } from "node:child_process";
import { expect, test } from "@playwright/test";
import { nextServerCommand, nextServerKind } from "../../scripts/next-server";

/**
 * The production server fails closed: `next start` or the standalone server
 * (whichever this run uses, NEXT_SERVER) refuses to start without its
 * configuration, with a message naming what is missing (instrumentation.ts).
 */
test("without SMTP_URL and the secrets, the production server stops at start and says what is missing", async () => {
  const serve = nextServerCommand(nextServerKind(), { port: 3199, hostname: "127.0.0.1" });
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, NODE_ENV: "production", APP_URL: "https://portal.example.test", ...serve.env };
  const child = spawn(serve.command, serve.args, { env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  // A server that keeps running has failed open: it is stopped, and the test fails on its exit code.
  const stillRunning = setTimeout(() => child.kill("SIGKILL"), 30_000);
  const exitCode = await new Promise<number | null>((resolve) => child.on("exit", resolve));
  clearTimeout(stillRunning);
  expect(exitCode).toBe(1);
  expect(output).toContain("Cannot start: Production needs SMTP_URL, MAIL_FROM, AUTH_SECRET, TOTP_ENCRYPTION_KEY");
});
