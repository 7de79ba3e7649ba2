import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import { applyMigrations } from "@/lib/migrations";

type SharedMigrations = { apply: typeof applyMigrations; queue: Promise<unknown> };

const shared = globalThis as typeof globalThis & { __testMigrations?: SharedMigrations };

/**
 * applyMigrations for the global setups of both integration projects, which
 * Vitest loads in one process but through a module runner each: each would
 * load its own lib/migrations.ts, and the second would instantiate the schema
 * engine's WebAssembly again under the first's bindings, which panics. So the
 * first copy loaded serves both (kept on globalThis), one migration at a time.
 */
export function migrateOneAtATime(adapterFactory: SqlMigrationAwareDriverAdapterFactory): Promise<string[]> {
  const migrations = (shared.__testMigrations ??= { apply: applyMigrations, queue: Promise.resolve() });
  const applied = migrations.queue.then(() => migrations.apply(adapterFactory));
  migrations.queue = applied.catch(() => undefined);
  return applied;
}
