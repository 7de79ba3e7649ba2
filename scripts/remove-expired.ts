/**
 * npm run db:cleanup: deletes expired rows and old security events once, for a
 * cron job; the app does the same every ten minutes on its own.
 */
import { disconnectDb } from "@/lib/db";
import { removeExpired } from "@/lib/maintenance/remove-expired";
import { loadEnv } from "@/scripts/load-env";

loadEnv({ production: process.env.NODE_ENV === "production" });
try {
  const removed = await removeExpired();
  console.log(removed ? `Removed: ${JSON.stringify(removed)}` : "Another instance is cleaning up right now; nothing done.");
} finally {
  await disconnectDb();
}
