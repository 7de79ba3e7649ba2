import { describe, expect, it } from "vitest";
import { clientAddress, dropsForwardedFor } from "@/lib/client-address";

describe("the client address cannot be forged through X-Forwarded-For", () => {
  it("takes the address the trusted proxy appended, not what the client sent before it", () => {
    expect(clientAddress("6.6.6.6, 198.51.100.7", 1)).toBe("198.51.100.7");
  });

  it("with two proxies, takes the address the outer one saw", () => {
    expect(clientAddress("6.6.6.6, 198.51.100.7, 10.0.0.2", 2)).toBe("198.51.100.7");
  });

  it("without a proxy (0 hops, the default), the client's own header is dropped before Next.js fills in the connection's address", () => {
    expect(dropsForwardedFor(0)).toBe(true);
    expect(dropsForwardedFor(1)).toBe(false);
    // What Next.js writes when the request has no X-Forwarded-For: the connection's address alone.
    expect(clientAddress("203.0.113.4", 0)).toBe("203.0.113.4");
    expect(clientAddress("::ffff:203.0.113.4", 0)).toBe("203.0.113.4");
    expect(clientAddress("2001:db8::1", 0)).toBe("2001:db8::1");
  });

  it("knows no address when the proxies added fewer entries than configured", () => {
    expect(clientAddress(null, 1)).toBeNull();
    expect(clientAddress("198.51.100.7", 2)).toBeNull();
  });
});
