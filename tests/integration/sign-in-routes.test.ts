/**
 * The sign-in steps as Next.js route handlers (lib/form-route.ts), called as
 * Next.js calls them: a Request, with next/headers giving the same request's
 * headers and a cookie jar that records what the step writes.
 */
import { beforeEach, describe, expect, it, vi } from "vitest";
import { PENDING_SIGN_IN_COOKIE } from "@/lib/auth/pending-sign-in";
import { FOREIGN_ORIGIN_MESSAGE } from "@/lib/server-action";
import { MAX_BODY_BYTES, TOO_LARGE_MESSAGE } from "@/lib/request-limits";
import { createTestUser } from "@/tests/support/create-test-user";
import { createTwoFactorUser, TEST_CONTEXT } from "@/tests/support/two-factor-fixtures";

const APP_ORIGIN = "http://localhost:3000";

type WrittenCookie = { value: string; options?: { maxAge?: number; httpOnly?: boolean; sameSite?: string; secure?: boolean; path?: string } };

const browser = vi.hoisted(() => ({
  headers: new Headers(),
  cookies: new Map<string, string>(),
  written: new Map<string, WrittenCookie>(),
}));

vi.mock("next/headers", () => ({
  headers: async () => browser.headers,
  cookies: async () => ({
    get: (name: string) => (browser.cookies.has(name) ? { name, value: browser.cookies.get(name)! } : undefined),
    set: (name: string, value: string, options?: WrittenCookie["options"]) => {
      browser.cookies.set(name, value);
      browser.written.set(name, { value, options });
    },
    delete: (name: string) => void browser.cookies.delete(name),
  }),
}));

const { POST: passwordStep } = await import("@/app/(auth)/sign-in/password/route");
const { POST: codeStep } = await import("@/app/(auth)/sign-in/verify/code/route");

beforeEach(() => {
  browser.cookies.clear();
  browser.written.clear();
});

/** A POST as a browser sends it; next/headers answers with the same headers. */
function post(path: string, body: BodyInit | null, headers: Record<string, string>): Request {
  browser.headers = new Headers({ "user-agent": "Vitest", "x-forwarded-for": TEST_CONTEXT.ipAddress, ...headers });
  return new Request(`${APP_ORIGIN}${path}`, { method: "POST", body, headers: browser.headers, duplex: "half" } as RequestInit);
}

function fields(values: Record<string, string>): URLSearchParams {
  return new URLSearchParams(values);
}

const SCRIPT = { origin: APP_ORIGIN, accept: "application/json", "content-type": "application/x-www-form-urlencoded" };
const PLAIN_FORM = { origin: APP_ORIGIN, accept: "text/html,application/xhtml+xml", "content-type": "application/x-www-form-urlencoded" };

/** A body that never ends, to tell whether a step read it. */
function endlessBody(): ReadableStream<Uint8Array> {
  return new ReadableStream({ pull: (controller) => controller.enqueue(new Uint8Array(1024).fill(97)) });
}

describe("the Origin is checked before a byte of the body is read", () => {
  for (const [label, origin] of [
    ["no Origin", undefined],
    ["another site's Origin", "https://evil.test"],
  ] as const) {
    it(`${label}: refused with 403 and the app's words, the endless body left unread`, async () => {
      const headers: Record<string, string> = { accept: "application/json" };
      if (origin) headers.origin = origin;
      const response = await passwordStep(post("/sign-in/password", endlessBody(), headers));
      expect(response.status).toBe(403);
      expect(await response.json()).toEqual({ ok: false, error: FOREIGN_ORIGIN_MESSAGE });
      expect(browser.written.size).toBe(0);
    });
  }
});

describe("one body limit, whether the body says its length or not", () => {
  it("a streamed body past MAX_BODY_BYTES gets 413 in the form's words, and nothing is signed in", async () => {
    const me = await createTestUser();
    const padding = "x".repeat(MAX_BODY_BYTES);
    const response = await passwordStep(post("/sign-in/password", fields({ email: me.email, password: me.password, padding }).toString(), SCRIPT));
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({ ok: false, error: TOO_LARGE_MESSAGE });
    expect(browser.written.size).toBe(0);
  });

  it("a body that is not a form gets 400 with words, not a 500", async () => {
    const response = await passwordStep(
      post("/sign-in/password", "--broken\r\n", { ...SCRIPT, "content-type": "multipart/form-data; boundary=nothing" }),
    );
    expect(response.status).toBe(400);
    expect((await response.json()).error).toMatch(/could not be read/);
  });
});

describe("with JavaScript off, a plain HTML form still signs in: 303 to the next step", () => {
  it("the right password of a user with 2FA: 303 to /sign-in/verify with the pending sign-in's cookie", async () => {
    const me = await createTwoFactorUser({ methods: ["totp"] });
    const response = await passwordStep(post("/sign-in/password", fields({ email: me.email, password: me.password }), PLAIN_FORM));
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/sign-in/verify");
    expect(browser.written.get(PENDING_SIGN_IN_COOKIE)?.value).toBeTruthy();
  });

  it("the right password without 2FA: 303 to the page asked for, signed in", async () => {
    const me = await createTestUser();
    const response = await passwordStep(
      post("/sign-in/password", fields({ email: me.email, password: me.password, next: "/customer-area/security" }), PLAIN_FORM),
    );
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/customer-area/security");
    expect(browser.written.get("session")?.value).toBeTruthy();
  });

  it("a wrong password: 303 back to the form, which shows the failure from a signed flash; the password is not kept", async () => {
    const me = await createTestUser();
    const response = await passwordStep(post("/sign-in/password", fields({ email: me.email, password: "wrong-password" }), PLAIN_FORM));
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/sign-in?failed=1");
    const flash = browser.written.get("form_flash");
    expect(flash?.options).toMatchObject({ httpOnly: true, sameSite: "strict", maxAge: 60 });
    expect(flash?.value).not.toContain("wrong-password");

    const { takeFormFlash } = await import("@/lib/form-flash");
    expect(await takeFormFlash("1")).toMatchObject({ ok: false, error: "The email or password is incorrect.", values: { email: me.email } });
    // Only when the URL asks for it, and only the app's own signature.
    expect(await takeFormFlash(undefined)).toBeNull();
    browser.cookies.set("form_flash", `${Buffer.from(JSON.stringify({ ok: false, error: "Call 555-0100" })).toString("base64url")}.forged`);
    expect(await takeFormFlash("1")).toBeNull();
  });

  it("the script gets JSON for the same step", async () => {
    const me = await createTestUser();
    const response = await passwordStep(post("/sign-in/password", fields({ email: me.email, password: "wrong-password" }), SCRIPT));
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ ok: false, error: "The email or password is incorrect." });
  });

  it("the second step without a pending sign-in sends a plain form back to the password", async () => {
    const response = await codeStep(post("/sign-in/verify/code", fields({ method: "totp", code: "123456" }), PLAIN_FORM));
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/sign-in?ended=1");
  });
});

describe("sign-in cookies are cleared with the attributes they were set with", () => {
  it("a completed password sign-in expires the return path cookie as SameSite=Strict and HttpOnly, as it was set", async () => {
    const me = await createTestUser();
    browser.cookies.set("sign_in_return_path", "/customer-area/users");
    await passwordStep(post("/sign-in/password", fields({ email: me.email, password: me.password }), SCRIPT));
    expect(browser.written.get("sign_in_return_path")).toEqual({
      value: "",
      options: expect.objectContaining({ maxAge: 0, httpOnly: true, sameSite: "strict", path: "/" }),
    });
  });
});
