import { describe, expect, it } from "vitest";
import { clientAddress } from "@/lib/client-address";

describe("the client address cannot be forged through X-Forwarded-For", () => {
  it("takes the address the trusted proxy appended, not what the client sent before it", () => {
    expect(clientAddress("6.6.6.6, 198.51.100.7", "10.0.0.1", 1)).toBe("198.51.100.7");
  });

  it("with two proxies, takes the address the outer one saw", () => {
    expect(clientAddress("6.6.6.6, 198.51.100.7, 10.0.0.2", "10.0.0.1", 2)).toBe("198.51.100.7");
  });

  it("header lines sent twice count as one list", () => {
    expect(clientAddress(["6.6.6.6", "198.51.100.7"], "10.0.0.1", 1)).toBe("198.51.100.7");
  });

  it("without a proxy (0 hops), takes the connection's address and ignores the header entirely", () => {
    expect(clientAddress("6.6.6.6", "203.0.113.4", 0)).toBe("203.0.113.4");
    expect(clientAddress("6.6.6.6", "::ffff:203.0.113.4", 0)).toBe("203.0.113.4");
    expect(clientAddress(undefined, "2001:db8::1", 0)).toBe("2001:db8::1");
  });

  it("knows no address when the proxies added fewer entries than configured", () => {
    expect(clientAddress(undefined, "10.0.0.1", 1)).toBeNull();
    expect(clientAddress("198.51.100.7", "10.0.0.1", 2)).toBeNull();
  });
});
