import { afterEach, describe, expect, it, vi } from "vitest";

const incoming = vi.hoisted(() => ({ headers: new Headers() }));
vi.mock("next/headers", () => ({ headers: async () => incoming.headers }));

async function contextWith(forwardedFor: string | null, hops: string | undefined) {
  vi.resetModules();
  vi.stubEnv("TRUSTED_PROXY_HOPS", hops ?? "");
  incoming.headers = new Headers({ "user-agent": "Vitest" });
  if (forwardedFor !== null) incoming.headers.set("x-forwarded-for", forwardedFor);
  const { requestContext } = await import("@/lib/request-context");
  return requestContext();
}

afterEach(() => vi.unstubAllEnvs());

describe("the client address in security events cannot be forged through X-Forwarded-For", () => {
  it("takes the address the trusted proxy appended, not what the client sent before it", async () => {
    expect((await contextWith("6.6.6.6, 198.51.100.7", "1")).ipAddress).toBe("198.51.100.7");
  });

  it("with two proxies, takes the address the outer one saw", async () => {
    expect((await contextWith("6.6.6.6, 198.51.100.7, 10.0.0.2", "2")).ipAddress).toBe("198.51.100.7");
  });

  it("without a trusted proxy, records no address at all", async () => {
    expect((await contextWith("6.6.6.6", "0")).ipAddress).toBeNull();
  });

  it("defaults to one proxy and keeps the user agent", async () => {
    const context = await contextWith("198.51.100.8", undefined);
    expect(context).toEqual({ ipAddress: "198.51.100.8", userAgent: "Vitest" });
  });
});
