import "server-only";
import { readKnownDevice, type KnownDevice } from "@/lib/auth/known-device";
import { cookieJar, requestHeaders } from "@/lib/request-scope";

export type RequestContext = {
  ipAddress: string | null;
  userAgent: string | null;
  /** The browser's "signed in here before" cookie, if it has a valid one (lib/auth/known-device.ts). */
  knownDevice?: KnownDevice | null;
};

/**
 * Who is asking, for security events, notices and the attempt limiter. The
 * app's server (scripts/server.ts) has already replaced X-Forwarded-For with
 * the one client address that TRUSTED_PROXY_HOPS allows (lib/client-address.ts),
 * so the last entry is it; under `next dev` it is Next's own socket address.
 */
export async function requestContext(): Promise<RequestContext> {
  const incoming = await requestHeaders();
  const forwarded = (incoming.get("x-forwarded-for") ?? "").split(",");
  const ipAddress = forwarded[forwarded.length - 1]?.trim() || null;
  return {
    ipAddress: ipAddress?.slice(0, 100) ?? null,
    userAgent: incoming.get("user-agent")?.slice(0, 500) ?? null,
    knownDevice: readKnownDevice(await cookieJar()),
  };
}
