import { NextRequest } from "next/server";
import { afterEach, describe, expect, it, vi } from "vitest";

afterEach(() => {
  vi.unstubAllEnvs();
  vi.resetModules();
});

async function headersFor(appUrl: string) {
  vi.stubEnv("APP_URL", appUrl);
  vi.stubEnv("NODE_ENV", "production");
  const { proxy } = await import("@/proxy");
  return proxy(new NextRequest(`${appUrl}/sign-in`)).headers;
}

describe("every page gets a Content-Security-Policy with a fresh nonce and no inline scripts", () => {
  it("scripts only with this response's nonce, no framing, nothing from elsewhere", async () => {
    const first = (await headersFor("http://localhost:3000")).get("content-security-policy")!;
    const second = (await headersFor("http://localhost:3000")).get("content-security-policy")!;
    const scriptSrc = first.split("; ").find((directive) => directive.startsWith("script-src"))!;

    expect(scriptSrc).toMatch(/'nonce-[A-Za-z0-9+/=]{20,}'/);
    expect(scriptSrc).not.toContain("unsafe-inline");
    expect(scriptSrc).not.toContain("unsafe-eval");
    expect(first).toContain("frame-ancestors 'none'");
    expect(first).toContain("object-src 'none'");
    expect(first).toContain("default-src 'self'");
    expect(second).not.toBe(first);
  });

  it("Strict-Transport-Security only when APP_URL is https", async () => {
    expect((await headersFor("https://portal.example.com")).get("strict-transport-security")).toMatch(/max-age=\d{8,}/);
    expect((await headersFor("http://localhost:3000")).get("strict-transport-security")).toBeNull();
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

describe("the proxy (the policy's nonce) runs for every page and server action, and skips only JSON routes and static files", () => {
  async function runsFor(path: string) {
    const { unstable_doesMiddlewareMatch } = await import("next/experimental/testing/server");
    const { config } = await import("@/proxy");
    return unstable_doesMiddlewareMatch({ config, url: path });
  }

  it("every page, including those whose path starts like a skipped route", async () => {
    const pages = ["/", "/sign-in", "/sign-in/verify", "/sign-in/password-help", "/sign-in/verify/code/x", "/customer-area/security"];
    for (const path of [...pages, "/forgot-password", "/healthz/x", "/nowhere"]) {
      expect(await runsFor(path), path).toBe(true);
    }
  });

  it("not the sign-in steps' JSON routes, the health check or the build's static files", async () => {
    for (const path of ["/sign-in/password", "/sign-in/verify/code", "/sign-in/verify/recovery-code", "/healthz", "/_next/static/chunks/app.js", "/icon.svg"]) {
      expect(await runsFor(path), path).toBe(false);
    }
  });

  it("not the security key's second step (JSON too), but a page whose path starts like it", async () => {
    expect(await runsFor("/sign-in/verify/security-key")).toBe(false);
    expect(await runsFor("/sign-in/verify/security-key/x")).toBe(true);
  });
});
