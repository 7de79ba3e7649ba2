// Runs once when a Next.js server starts (next dev, next start, the standalone
// server): a bad configuration stops it here, with the message from
// lib/config.ts, before any request is served; then the instance starts
// removing expired rows on a schedule (REMOVE_EXPIRED_EVERY_MINUTES).
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { config, ConfigError } = await import("@/lib/config");
  let settings;
  try {
    settings = config();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`Cannot start: ${error.message}`);
    process.exit(1);
  }
  const { scheduleRemoveExpired } = await import("@/lib/maintenance/schedule-remove-expired");
  scheduleRemoveExpired(settings.removeExpiredEveryMinutes);
}
