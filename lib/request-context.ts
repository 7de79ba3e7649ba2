import "server-only";
import { headers } from "next/headers";

export type RequestContext = { ipAddress: string | null; userAgent: string | null };

/**
 * Who is asking, for security events and session lists. Behind a proxy, the
 * proxy must set X-Forwarded-For; its first address is the client.
 */
export async function requestContext(): Promise<RequestContext> {
  const incoming = await headers();
  const forwarded = incoming.get("x-forwarded-for")?.split(",")[0]?.trim();
  return {
    ipAddress: (forwarded || incoming.get("x-real-ip") || null)?.slice(0, 100) ?? null,
    userAgent: incoming.get("user-agent")?.slice(0, 500) ?? null,
  };
}
