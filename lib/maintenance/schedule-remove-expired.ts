/**
 * Runs removeExpired every `everyMinutes` (REMOVE_EXPIRED_EVERY_MINUTES, 10) in
 * this process (each app instance starts one; the lock keeps them apart); 0:
 * never, where a cron job runs `npm run db:cleanup` instead, or where a
 * benchmark must not count its deletes against the requests it measures. The module that does the work (and
 * with it the database client) is imported at the first run, not at start:
 * loaded by instrumentation.ts, it would otherwise be compiled before the dev
 * server's first page, and it doubled that page's wait on a fresh clone.
 */
export function scheduleRemoveExpired(everyMinutes: number): void {
  if (everyMinutes === 0) return;
  const run = () => {
    import("@/lib/maintenance/remove-expired")
      .then(({ removeExpired }) => removeExpired())
      .catch((error: unknown) => {
        console.error(`Removing expired rows failed: ${error instanceof Error ? error.message : String(error)}`);
      });
  };
  // A random first delay, so that instances started together do not all try at once.
  setTimeout(run, Math.floor(Math.random() * 60_000)).unref();
  setInterval(run, everyMinutes * 60 * 1000).unref();
}
