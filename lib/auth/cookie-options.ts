import "server-only";
import { config } from "@/lib/config";

/**
 * Every cookie the app sets: httpOnly, on the whole site, and Secure whenever
 * APP_URL is https, whatever a proxy says about the request's scheme.
 */
export function cookieOptions({ maxAgeSeconds, sameSite }: { maxAgeSeconds: number; sameSite: "strict" | "lax" }) {
  return { httpOnly: true, secure: isHttpsApp(), sameSite, path: "/", maxAge: maxAgeSeconds } as const;
}

export function isHttpsApp(): boolean {
  return config().appUrl.startsWith("https://");
}

/** On https the `__Host-` prefix makes the browser refuse the cookie unless it is Secure, host-only and for `/`. */
export function hostCookieName(name: string): string {
  return isHttpsApp() ? `__Host-${name}` : name;
}
