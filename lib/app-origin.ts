import "server-only";
import { config } from "@/lib/config";

/**
 * Absolute URLs and the origin that server actions must come from are taken
 * from APP_URL, never from the request's Host or X-Forwarded-* headers.
 */

export function appUrl(path: string): string {
  return new URL(path, `${config().appUrl}/`).toString();
}

/** The request's Origin is the app's own (in development, localhost and 127.0.0.1 are the same machine). */
export function isAppOrigin(origin: string | null): boolean {
  if (!origin) return false;
  const expected = new URL(config().appUrl);
  let given: URL;
  try {
    given = new URL(origin);
  } catch {
    return false;
  }
  if (given.origin === expected.origin) return true;
  const loopback = new Set(["localhost", "127.0.0.1", "[::1]"]);
  return (
    !config().isProduction &&
    given.protocol === expected.protocol &&
    given.port === expected.port &&
    loopback.has(given.hostname) &&
    loopback.has(expected.hostname)
  );
}
