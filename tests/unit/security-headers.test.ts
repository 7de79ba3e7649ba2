import { afterEach, describe, expect, it, vi } from "vitest";
import { contentSecurityPolicy, identityProviderOrigins, perRequestSecurityHeaders, STATIC_SECURITY_HEADERS } from "@/lib/security-headers";

afterEach(() => {
  vi.unstubAllEnvs();
  vi.resetModules();
});

function headersFor(appUrl: string, nonce = "bm9uY2Utbm9uY2Utbm9uY2U=") {
  return perRequestSecurityHeaders(nonce, { appUrl, development: false });
}

describe("every page gets a Content-Security-Policy with the request's nonce and no inline scripts", () => {
  it("scripts only with this response's nonce, no framing, nothing from elsewhere", () => {
    const policy = headersFor("http://localhost:3000")["content-security-policy"]!;
    const scriptSrc = policy.split("; ").find((directive: string) => directive.startsWith("script-src"))!;

    expect(scriptSrc).toBe("script-src 'self' 'nonce-bm9uY2Utbm9uY2Utbm9uY2U=' 'strict-dynamic'");
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).toContain("object-src 'none'");
    expect(policy).toContain("default-src 'self'");
  });

  it("only the development build may evaluate code (React's refresh), and talk to its websocket", () => {
    expect(contentSecurityPolicy("n", { development: true })).toContain("'unsafe-eval'");
    expect(contentSecurityPolicy("n", { development: false })).not.toContain("unsafe-eval");
    expect(contentSecurityPolicy("n", { development: false })).not.toContain("ws:");
  });

  it("no framing for browsers without CSP level 2 either, no content sniffing, no Referer to other sites", () => {
    expect(Object.fromEntries(STATIC_SECURITY_HEADERS.map(({ key, value }) => [key.toLowerCase(), value]))).toEqual({
      "x-frame-options": "DENY",
      "x-content-type-options": "nosniff",
      "referrer-policy": "same-origin",
    });
  });

  it("Strict-Transport-Security only when APP_URL is https", () => {
    expect(headersFor("https://portal.example.com")["strict-transport-security"]).toMatch(/max-age=\d{8,}/);
    expect(headersFor("http://localhost:3000")["strict-transport-security"]).toBeUndefined();
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

describe("form-action", () => {
  it("lets forms go to the app and to the configured providers' sign-in pages only", () => {
    const formTargets = identityProviderOrigins([
      { id: "google" },
      { id: "microsoft-entra-id", issuer: "https://login.microsoftonline.com/tenant/v2.0" },
      { id: "oidc", issuer: "https://sso.example.com/realms/portal" },
    ]);
    const policy = contentSecurityPolicy("nonce", { development: false, formTargets });
    expect(policy).toContain(
      "form-action 'self' https://accounts.google.com https://login.microsoftonline.com https://sso.example.com;",
    );
    expect(contentSecurityPolicy("nonce", { development: false })).toContain("form-action 'self';");
  });
});
