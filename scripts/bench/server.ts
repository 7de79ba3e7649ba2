/**
 * The production build, started the way `npm start` runs it (`next start`, or the
 * standalone server with NEXT_SERVER=standalone; scripts/next-server.ts), on loopback with fixed throw-away secrets. The bench
 * reads the CPU time of the process that serves requests, so it needs that
 * process's pid, not the one of a wrapper.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import { nextServerCommand, nextServerKind } from "@/scripts/next-server";

export type BenchServer = {
  url: string;
  /** The process that serves requests (Next.js runs inside it): its CPU time is the server's cost. */
  serverPid: number;
  /** Server output, kept for the error message if something fails. */
  output(): string;
  stop(): Promise<void>;
};

export type ServerOptions = {
  port: number;
  databaseUrl: string;
  smtpUrl: string;
  authSecret: string;
  totpEncryptionKey: string;
};

const READY_TIMEOUT_MS = 60_000;
/** util-linux, on every Debian: sets the parent-death signal, then execs the command in its place. */
const SETPRIV = "/usr/bin/setpriv";
const OUTPUT_KEPT = 20_000;

async function waitForExit(child: ChildProcess, ms: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return true;
  return Promise.race([
    new Promise<boolean>((resolve) => child.once("exit", () => resolve(true))),
    sleep(ms).then(() => false),
  ]);
}

export async function startServer(options: ServerOptions): Promise<BenchServer> {
  const url = `http://127.0.0.1:${options.port}`;
  // Straight `node next start` (scripts/next-server.ts), no npx/sh in between: one process to measure and stop.
  const profile = process.env.BENCH_PROFILE ? ["--cpu-prof", "--cpu-prof-dir", process.env.BENCH_PROFILE] : [];
  const serve = nextServerCommand(nextServerKind(), { port: options.port, hostname: "127.0.0.1" });
  const command = [serve.command, ...profile, ...serve.args];
  // If the bench itself is killed (SIGKILL: no cleanup runs), the kernel kills the server too: an
  // orphaned server whose database proxy is gone was seen spinning a core and ignoring SIGTERM.
  if (existsSync(SETPRIV)) command.unshift(SETPRIV, "--pdeathsig", "SIGKILL", "--");
  const child = spawn(command[0]!, command.slice(1), {
    env: {
      ...process.env,
      NODE_ENV: "production",
      ...serve.env,
      TRUSTED_PROXY_HOPS: "0",
      APP_URL: url,
      DATABASE_URL: options.databaseUrl,
      SMTP_URL: options.smtpUrl,
      MAIL_FROM: "Bench <no-reply@example.test>",
      AUTH_SECRET: options.authSecret,
      TOTP_ENCRYPTION_KEY: options.totpEncryptionKey,
      NEXT_TELEMETRY_DISABLED: "1",
      // The ten-minute removal of expired rows would otherwise first run within a minute of the start,
      // in the middle of a round, and its deletes would count against whatever phase was running.
      REMOVE_EXPIRED_EVERY_MINUTES: "0",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString("utf8")).slice(-OUTPUT_KEPT);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);

  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill("SIGTERM");
    if (!(await waitForExit(child, 5_000))) {
      child.kill("SIGKILL");
      await waitForExit(child, 5_000);
    }
  };

  try {
    const deadline = Date.now() + READY_TIMEOUT_MS;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`The server exited with code ${child.exitCode}`);
      if (Date.now() > deadline) throw new Error(`The server did not answer ${url}/healthz within ${READY_TIMEOUT_MS / 1000} s`);
      const ready = await fetch(`${url}/healthz`).then(
        (response) => response.ok,
        () => false,
      );
      if (ready) break;
      await sleep(200);
    }
    // setpriv execs the server in its own place, so the child is the server.
    const serverPid = child.pid;
    if (serverPid === undefined) throw new Error("The server process has no pid");
    return { url, serverPid, output: () => output, stop };
  } catch (error) {
    await stop();
    throw new Error(`${error instanceof Error ? error.message : String(error)}\n--- server output ---\n${output}`);
  }
}
