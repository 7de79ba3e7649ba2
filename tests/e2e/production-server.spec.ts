import { type ChildProcess, spawn } from "node:child_process";
import http from "node:http";
import { expect, test } from "@playwright/test";
import { nextServerCommand, nextServerKind } from "../../scripts/next-server";

/**
 * The production server as an operator starts it: `next start` or the
 * standalone server (whichever this run uses, NEXT_SERVER), on its own port
 * and configuration, apart from the suite's server.
 */

/** A port of each test's own: the tests of this file run in parallel. */
const PORT = 3198;
const UNCONFIGURED_PORT = 3197;

function startProduction(env: Record<string, string>, port = PORT): { child: ChildProcess; output: () => string } {
  const serve = nextServerCommand(nextServerKind(), { port, hostname: "127.0.0.1" });
  const child = spawn(serve.command, serve.args, {
    env: { PATH: process.env.PATH, NODE_ENV: "production", ...env, ...serve.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  return { child, output: () => output };
}

async function exited(child: ChildProcess, withinMs: number): Promise<number | null> {
  // A server that keeps running past this is stopped, and the caller sees no exit code of its own.
  const stillRunning = setTimeout(() => child.kill("SIGKILL"), withinMs);
  const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
  clearTimeout(stillRunning);
  return code;
}

function request(method: string, path: string, headers: Record<string, string> = {}, body?: string) {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders }>((resolve, reject) => {
    const outgoing = http.request({ host: "127.0.0.1", port: PORT, method, path, headers: { host: `localhost:${PORT}`, ...headers } }, (response) => {
      response.resume();
      response.on("end", () => resolve({ status: response.statusCode ?? 0, headers: response.headers }));
    });
    outgoing.on("error", reject);
    outgoing.end(body);
  });
}

test("without SMTP_URL and the secrets, the production server stops at start and says what is missing", async () => {
  const server = startProduction({ APP_URL: "https://portal.example.test" }, UNCONFIGURED_PORT);
  expect(await exited(server.child, 30_000)).toBe(1);
  expect(server.output()).toContain("Cannot start: Production needs SMTP_URL, MAIL_FROM, AUTH_SECRET, TOTP_ENCRYPTION_KEY");
});

test("under an https APP_URL every kind of answer carries HSTS and the security headers: a page, a 404, a 405, a 413", async () => {
  const server = startProduction({
    APP_URL: `https://localhost:${PORT}`,
    SMTP_URL: "smtp://127.0.0.1:9",
    MAIL_FROM: "Acme <no-reply@example.test>",
    AUTH_SECRET: "headers-test-secret-headers-test-secret-x",
    TOTP_ENCRYPTION_KEY: Buffer.alloc(32, 3).toString("base64"),
    PGLITE_DATA_DIR: "memory://",
  });
  try {
    await expect.poll(() => request("GET", "/healthz").then((answer) => answer.status, () => 0), { timeout: 30_000 }).toBe(200);
    const answers = {
      page: await request("GET", "/sign-in"),
      "not found": await request("GET", "/no-such-page"),
      "method not allowed": await request("GET", "/sign-in/password"),
      "too large": await request("POST", "/sign-in/password", { origin: `https://localhost:${PORT}`, "content-type": "application/x-www-form-urlencoded" }, "x".repeat(70_000)),
    };
    expect(Object.fromEntries(Object.entries(answers).map(([kind, answer]) => [kind, answer.status]))).toEqual({
      page: 200,
      "not found": 404,
      "method not allowed": 405,
      "too large": 413,
    });
    for (const [kind, answer] of Object.entries(answers)) {
      expect(answer.headers["strict-transport-security"], kind).toMatch(/^max-age=\d{8,}; includeSubDomains$/);
      expect(answer.headers["x-frame-options"], kind).toBe("DENY");
      expect(answer.headers["x-content-type-options"], kind).toBe("nosniff");
      expect(answer.headers["referrer-policy"], kind).toBe("same-origin");
      expect(answer.headers["content-security-policy"], kind).toContain("frame-ancestors 'none'");
    }
    expect(answers.page.headers["cache-control"]).toContain("no-store");
  } finally {
    server.child.kill("SIGTERM");
    await exited(server.child, 10_000);
  }
});
