/**
 * The reference for password sign-in: raw argon2id verifications in a separate
 * Node process, so their CPU time is measured the same way as the server's
 * (from /proc) and does not mix with the bench's own.
 */
import { type ChildProcess, fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { Argon2Job } from "@/scripts/bench/argon2-worker";
import type { LoadLimits, LoadResult } from "@/scripts/bench/load";
import { processCpuMs } from "@/scripts/bench/process-cpu";

export type Argon2Reference = {
  pid: number;
  /** Runs one bounded batch; returns the result and the worker's CPU ms for it. */
  run(limits: LoadLimits): Promise<{ result: LoadResult; cpuMs: number }>;
  stop(): Promise<void>;
};

function nextMessage<T>(child: ChildProcess): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`argon2 worker exited (code ${code})`));
    child.once("exit", onExit);
    child.once("message", (message) => {
      child.off("exit", onExit);
      resolve(message as T);
    });
  });
}

export async function startArgon2Reference(passwordHash: string, password: string): Promise<Argon2Reference> {
  // fork() passes on this process's execArgv: the tsx loader and --conditions=react-server.
  const child = fork(fileURLToPath(new URL("./argon2-worker.ts", import.meta.url)), { stdio: "inherit" });
  await nextMessage<string>(child);
  const pid = child.pid;
  if (pid === undefined) throw new Error("argon2 worker has no pid");
  return {
    pid,
    async run(limits) {
      const before = processCpuMs(pid);
      const reply = nextMessage<LoadResult>(child);
      child.send({ passwordHash, password, limits } satisfies Argon2Job);
      const result = await reply;
      return { result, cpuMs: processCpuMs(pid) - before };
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
      child.kill("SIGTERM");
      await exited;
    },
  };
}
