const EVERY_MS = 10 * 60 * 1000;

/**
 * Runs removeExpired every ten minutes in this process (each app instance
 * starts one; the lock keeps them apart). The module that does the work (and
 * with it the database client) is imported at the first run, not at start:
 * loaded by instrumentation.ts, it would otherwise be compiled before the dev
 * server's first page, and it doubled that page's wait on a fresh clone.
 */
export function scheduleRemoveExpired(): void {
  const run = () => {
    import("@/lib/maintenance/remove-expired")
      .then(({ removeExpired }) => removeExpired())
      .catch((error: unknown) => {
        console.error(`Removing expired rows failed: ${error instanceof Error ? error.message : String(error)}`);
      });
  };
  // A random first delay, so that instances started together do not all try at once.
  setTimeout(run, Math.floor(Math.random() * 60_000)).unref();
  setInterval(run, EVERY_MS).unref();
}
