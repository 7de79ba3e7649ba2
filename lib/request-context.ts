import "server-only";
import { headers } from "next/headers";
import { config } from "@/lib/config";

export type RequestContext = { ipAddress: string | null; userAgent: string | null };

/**
 * Who is asking, for security events and notices. The client's address is the
 * entry that the nearest trusted proxy appended to X-Forwarded-For: entries to
 * its left were sent by the client and may be forged. TRUSTED_PROXY_HOPS says
 * how many proxies append (default 1); with 0 the address is not recorded.
 */
export async function requestContext(): Promise<RequestContext> {
  const incoming = await headers();
  const hops = config().trustedProxyHops;
  const forwarded = (incoming.get("x-forwarded-for") ?? "")
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
  const clientAddress = hops > 0 ? forwarded[forwarded.length - hops] : undefined;
  return {
    ipAddress: clientAddress?.slice(0, 100) ?? null,
    userAgent: incoming.get("user-agent")?.slice(0, 500) ?? null,
  };
}
