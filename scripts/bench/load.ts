/**
 * The request loop every phase uses: a fixed number of concurrent clients,
 * each starting its next operation as soon as the last one ends, until either
 * the operation budget or the time budget is spent. In-flight operations are
 * always awaited, so the CPU and SQL read after the loop belong to the
 * operations counted.
 */
import { performance } from "node:perf_hooks";

export type Outcome = { ok: true; latencyMs: number } | { ok: false; reason: string };

export type LoadLimits = { concurrency: number; maxOps: number; maxSeconds: number };

export type LoadResult = {
  ok: number;
  /** reason -> how many operations failed that way */
  failures: Record<string, number>;
  latenciesMs: number[];
  elapsedMs: number;
};

export function failureCount(result: Pick<LoadResult, "failures">): number {
  return Object.values(result.failures).reduce((sum, count) => sum + count, 0);
}

/** Runs `operation(0..)`; a thrown error counts as a failure with its message. */
export async function runLoad(limits: LoadLimits, operation: (index: number) => Promise<Outcome>): Promise<LoadResult> {
  const result: LoadResult = { ok: 0, failures: {}, latenciesMs: [], elapsedMs: 0 };
  const started = performance.now();
  const deadline = started + limits.maxSeconds * 1000;
  let nextIndex = 0;
  const client = async () => {
    while (nextIndex < limits.maxOps && performance.now() < deadline) {
      const index = nextIndex++;
      const outcome = await operation(index).catch(
        (error: unknown): Outcome => ({ ok: false, reason: error instanceof Error ? error.message : String(error) }),
      );
      if (outcome.ok) {
        result.ok++;
        result.latenciesMs.push(outcome.latencyMs);
      } else {
        result.failures[outcome.reason] = (result.failures[outcome.reason] ?? 0) + 1;
      }
    }
  };
  await Promise.all(Array.from({ length: limits.concurrency }, client));
  result.elapsedMs = performance.now() - started;
  return result;
}

/** Times one call; `succeeded` decides on the value whether it counts. */
export async function timed<T>(call: () => Promise<T>, check: (value: T) => string | undefined): Promise<Outcome> {
  const started = performance.now();
  const value = await call();
  const latencyMs = performance.now() - started;
  const problem = check(value);
  return problem === undefined ? { ok: true, latencyMs } : { ok: false, reason: problem };
}
