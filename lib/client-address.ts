/**
 * Who is on the other end, decided once per request by the app's server
 * (scripts/server.ts) from configuration, never from what the client claims.
 * With `hops` proxies in front, each appends the address it saw to
 * X-Forwarded-For, so the client is the entry the outermost of them appended,
 * `hops` from the right; entries to its left were written by the client and may
 * be forged. With no proxy (`hops` 0) it is the connection's own address.
 */
export function clientAddress(
  forwardedFor: string | string[] | undefined,
  socketAddress: string | undefined,
  hops: number,
): string | null {
  if (hops === 0) return normalize(socketAddress);
  const entries = [forwardedFor ?? []]
    .flat()
    .join(",")
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
  return normalize(entries[entries.length - hops]);
}

/** "::ffff:203.0.113.9" is an IPv4 address seen through an IPv6 socket. */
function normalize(address: string | undefined): string | null {
  if (!address) return null;
  return address.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, "").slice(0, 100);
}
