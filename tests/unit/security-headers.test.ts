import { afterEach, describe, expect, it, vi } from "vitest";
import { RETURN_PATH_HEADER } from "@/lib/auth/return-path";
import { securityHeaders } from "@/lib/security-headers";

afterEach(() => {
  vi.unstubAllEnvs();
  vi.resetModules();
});

function headersFor(appUrl: string, path = "/sign-in") {
  return securityHeaders(path, { appUrl, development: false });
}

describe("every page gets a Content-Security-Policy with a fresh nonce and no inline scripts", () => {
  it("scripts only with this response's nonce, no framing, nothing from elsewhere", () => {
    const first = headersFor("http://localhost:3000").response["content-security-policy"]!;
    const second = headersFor("http://localhost:3000").response["content-security-policy"]!;
    const scriptSrc = first.split("; ").find((directive) => directive.startsWith("script-src"))!;

    expect(scriptSrc).toMatch(/'nonce-[A-Za-z0-9+/=]{20,}'/);
    expect(scriptSrc).not.toContain("unsafe-inline");
    expect(scriptSrc).not.toContain("unsafe-eval");
    expect(first).toContain("frame-ancestors 'none'");
    expect(first).toContain("object-src 'none'");
    expect(first).toContain("default-src 'self'");
    expect(second).not.toBe(first);
  });

  it("Next.js gets the same policy on the request, the only place it reads the nonce from", () => {
    const headers = headersFor("http://localhost:3000");
    expect(headers.request["content-security-policy"]).toBe(headers.response["content-security-policy"]);
  });

  it("the path asked for travels on the request, whatever the client called it", () => {
    expect(headersFor("http://localhost:3000", "/customer-area/users?filter=x").request[RETURN_PATH_HEADER]).toBe(
      "/customer-area/users?filter=x",
    );
  });

  it("no framing for browsers without CSP level 2 either, no content sniffing, no Referer to other sites", () => {
    expect(headersFor("http://localhost:3000").response).toMatchObject({
      "x-frame-options": "DENY",
      "x-content-type-options": "nosniff",
      "referrer-policy": "same-origin",
    });
  });

  it("Strict-Transport-Security only when APP_URL is https", () => {
    expect(headersFor("https://portal.example.com").response["strict-transport-security"]).toMatch(/max-age=\d{8,}/);
    expect(headersFor("http://localhost:3000").response["strict-transport-security"]).toBeUndefined();
  });
});

describe("cookies are Secure whenever APP_URL is https, whatever the request says", () => {
  async function cookieOptionsFor(appUrl: string) {
    vi.stubEnv("APP_URL", appUrl);
    vi.stubEnv("AUTH_SECRET", "unit-test-auth-secret-unit-test-auth-secret");
    const { cookieOptions, hostCookieName } = await import("@/lib/auth/cookie-options");
    return { options: cookieOptions({ maxAgeSeconds: 60, sameSite: "lax" }), name: hostCookieName("session") };
  }

  it("https: Secure, and a __Host- name the browser keeps to this host and path", async () => {
    expect(await cookieOptionsFor("https://portal.example.com")).toEqual({
      options: { httpOnly: true, secure: true, sameSite: "lax", path: "/", maxAge: 60 },
      name: "__Host-session",
    });
  });

  it("http (development): not Secure, or the browser would drop it", async () => {
    expect((await cookieOptionsFor("http://localhost:3000")).options.secure).toBe(false);
  });
});
