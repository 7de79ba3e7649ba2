import { setTimeout as pause } from "node:timers/promises";
import type { Prisma } from "@/lib/generated/prisma/client";
import { db } from "@/lib/db";

/**
 * Ordering concurrent work in tests by what has happened, never by how long
 * it usually takes: a promise one side resolves and the other awaits, and, on
 * PostgreSQL, the server's own word that a transaction is waiting for a lock.
 */

export type Barrier<T> = { promise: Promise<T>; resolve(value: T): void };

/** A promise and its resolve (Promise.withResolvers, which Node 20 lacks). */
export function barrier<T = void>(): Barrier<T> {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((settle) => {
    resolve = settle;
  });
  return { promise, resolve };
}

/** The PostgreSQL backend (connection) a transaction runs on. */
export async function backendPid(tx: Prisma.TransactionClient): Promise<number> {
  const [row] = await tx.$queryRaw<{ pid: number }[]>`SELECT pg_backend_pid() AS pid`;
  return row!.pid;
}

/**
 * Resolves once PostgreSQL reports backend `waiting` blocked by a lock that
 * backend `holder` holds (pg_blocking_pids), asked on another connection of the pool.
 */
export async function untilBlockedBy(waiting: number, holder: number, { timeoutMs = 10_000 } = {}): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [row] = await db.$queryRaw<{ blocked: boolean }[]>`SELECT ${holder}::int = ANY (pg_blocking_pids(${waiting}::int)) AS blocked`;
    if (row?.blocked) return;
    if (Date.now() > deadline) throw new Error(`untilBlockedBy: backend ${waiting} was not waiting for ${holder} within ${timeoutMs} ms`);
    // A poll of the server's state, not a guess at timing: the condition decides, the pause only spaces the questions.
    await pause(5);
  }
}
