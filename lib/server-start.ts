import "server-only";
import { ConfigError, config } from "@/lib/config";
import { scheduleRemoveExpired } from "@/lib/maintenance/schedule-remove-expired";

/**
 * What a Node.js server of the app does once at start (instrumentation.ts):
 * stop on a bad configuration, with lib/config.ts's message naming what is
 * missing, before any request is served (Next.js would log a thrown error
 * and serve anyway: that would fail open); then remove expired rows on a
 * schedule (REMOVE_EXPIRED_EVERY_MINUTES).
 */
export function startServer(): void {
  let settings;
  try {
    settings = config();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`Cannot start: ${error.message}`);
    process.exit(1);
  }
  scheduleRemoveExpired(settings.removeExpiredEveryMinutes);
}
