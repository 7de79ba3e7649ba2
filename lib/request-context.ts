import "server-only";
import { cookies, headers } from "next/headers";
import { readKnownDevice, type KnownDevice } from "@/lib/auth/known-device";
import { clientAddress } from "@/lib/client-address";
import { config } from "@/lib/config";

export type RequestContext = {
  ipAddress: string | null;
  userAgent: string | null;
  /** The browser's "signed in here before" cookie, if it has a valid one (lib/auth/known-device.ts). */
  knownDevice?: KnownDevice | null;
};

/**
 * Who is asking, for security events, notices and the attempt limiter: the
 * client address that TRUSTED_PROXY_HOPS allows (lib/client-address.ts; proxy.ts
 * has already dropped a client's own X-Forwarded-For when no proxy is trusted).
 */
export async function requestContext(): Promise<RequestContext> {
  const incoming = await headers();
  return {
    ipAddress: clientAddress(incoming.get("x-forwarded-for"), config().trustedProxyHops),
    userAgent: incoming.get("user-agent")?.slice(0, 500) ?? null,
    knownDevice: readKnownDevice(await cookies()),
  };
}
