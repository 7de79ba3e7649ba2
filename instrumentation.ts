// Runs once when a Next.js server starts: a bad configuration stops it here,
// with the message from lib/config.ts, before any request is served; then the
// instance starts removing expired rows on a schedule (REMOVE_EXPIRED_EVERY_MINUTES)
// and, in production, hands the sign-in steps to the app's server (lib/form-route.ts).
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { config } = await import("@/lib/config");
  const { removeExpiredEveryMinutes, isProduction } = config();
  const { scheduleRemoveExpired } = await import("@/lib/maintenance/schedule-remove-expired");
  scheduleRemoveExpired(removeExpiredEveryMinutes);
  if (isProduction) {
    const [{ serveFormRoutes }, { SIGN_IN_STEPS }] = await Promise.all([
      import("@/lib/form-route"),
      import("@/lib/auth/sign-in-steps"),
    ]);
    serveFormRoutes(SIGN_IN_STEPS);
  }
}
