/**
 * Who is on the other end, from configuration, never from what the client
 * claims. With `hops` proxies in front, each appends the address it saw to
 * X-Forwarded-For, so the client is the entry the outermost of them appended,
 * `hops` from the right; entries to its left were written by the client and
 * may be forged.
 *
 * With no proxy (`hops` 0) it is the connection's own address. Next.js puts
 * that in X-Forwarded-For only when the request has none, so proxy.ts drops a
 * client's X-Forwarded-For first (`dropsForwardedFor`): the header then holds
 * the connection's address alone, and the same rule reads it.
 * No server-only imports: proxy.ts uses this module.
 */

/** proxy.ts removes the client's X-Forwarded-For before Next.js fills in the connection's address. */
export function dropsForwardedFor(hops: number): boolean {
  return hops === 0;
}

export function clientAddress(forwardedFor: string | null, hops: number): string | null {
  const entries = (forwardedFor ?? "")
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
  return normalize(entries[entries.length - Math.max(hops, 1)]);
}

/** "::ffff:203.0.113.9" is an IPv4 address seen through an IPv6 socket. */
function normalize(address: string | undefined): string | null {
  if (!address) return null;
  return address.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, "").slice(0, 100);
}
