// Runs once when a Next.js server starts (next dev, next start, the standalone server).
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { startServer } = await import("@/lib/server-start");
    startServer();
  }
}
