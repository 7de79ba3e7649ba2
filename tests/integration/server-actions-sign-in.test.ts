/**
 * The sign-in steps' routes as the browser posts to them: the recovery code step, oversized bodies, and Trust this browser.
 * The request is simulated by tests/support/next-request.ts.
 */
import { describe, expect, it, vi } from "vitest";
import { PENDING_SIGN_IN_COOKIE } from "@/lib/auth/pending-sign-in";
import { db } from "@/lib/db";
import { browser } from "@/tests/support/next-request";
import { form } from "@/tests/support/public-requests";
import { databaseState, SESSION_COOKIE } from "@/tests/support/server-actions";
import { createTwoFactorUser, giveRecoveryCodes, pendingSignInFor, totpCodeAt } from "@/tests/support/two-factor-fixtures";

vi.mock("next/headers", () => import("@/tests/support/next-request").then((request) => request.nextHeaders));
vi.mock("next/cache", () => import("@/tests/support/next-request").then((request) => request.nextCache));
vi.mock("next/server", (original) => import("@/tests/support/next-request").then((request) => request.nextServer(original)));

describe("every server action acts only on the signed-in user; a client-sent user id is ignored", () => {
  it("the recovery code step with another user's id and code signs nobody in, and an oversized code counts nothing", async () => {
    const { POST } = await import("@/app/(auth)/sign-in/verify/recovery-code/route");
    const post = async (fields: Record<string, string>) =>
      (await POST(new Request("http://localhost:3000/sign-in/verify/recovery-code", { method: "POST", body: form(fields) }))).json();
    const attacker = await createTwoFactorUser({ methods: ["totp"] });
    const victim = await createTwoFactorUser({ methods: ["totp"] });
    const [victimCode] = await giveRecoveryCodes(victim.user.id);
    browser.cookies.set(PENDING_SIGN_IN_COOKIE, await pendingSignInFor(attacker.user, attacker.password));

    const forged = await post({ userId: victim.user.id, email: victim.email, code: victimCode! });
    expect(forged).toMatchObject({ ok: false, error: "That recovery code is not correct, or it was used before. Each code works once." });
    expect(forged).not.toHaveProperty("values.code");
    expect(await db.session.count({ where: { userId: { in: [attacker.user.id, victim.user.id] } } })).toBe(0);
    expect(await db.recoveryCode.count({ where: { userId: victim.user.id, usedAt: null } })).toBe(10);

    const before = await databaseState();
    const oversized = await post({ code: "A".repeat(10_000) });
    expect(oversized).toMatchObject({ ok: false, fieldErrors: { code: ["A recovery code has 15 letters and digits."] } });
    expect(await databaseState()).toEqual(before);
    expect((await db.pendingSignIn.findFirstOrThrow({ where: { userId: attacker.user.id } })).failedAttempts).toBe(1);
  });
});

describe("the sign-in steps' routes refuse an oversized body before reading it all", () => {
  it("URL-encoded, as the sign-in form posts: 413 and nothing changes", async () => {
    const { POST } = await import("@/app/(auth)/sign-in/password/route");
    const before = await databaseState();
    const response = await POST(
      new Request("http://localhost:3000/sign-in/password", {
        method: "POST",
        body: new URLSearchParams({ email: "someone@example.test", password: "x".repeat(100_000) }),
      }),
    );
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({ ok: false, error: "That is more than a form can send. Nothing was changed." });
    expect(await databaseState()).toEqual(before);
  });

  it("a body over 64 KB that does not say its length gets 413 and changes nothing", async () => {
    const { POST } = await import("@/app/(auth)/sign-in/password/route");
    const huge = new TextEncoder().encode(`--b\r\nContent-Disposition: form-data; name="password"\r\n\r\n${"x".repeat(100_000)}\r\n--b--\r\n`);
    const body = new ReadableStream({
      start(controller) {
        controller.enqueue(huge);
        controller.close();
      },
    });
    const request = new Request("http://localhost:3000/sign-in/password", {
      method: "POST",
      body,
      headers: { "content-type": "multipart/form-data; boundary=b" },
      duplex: "half",
    } as RequestInit & { duplex: "half" });
    const before = await databaseState();
    const response = await POST(request);
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({ ok: false, error: "That is more than a form can send. Nothing was changed." });
    expect(await databaseState()).toEqual(before);
  });
});

describe("Trust this browser for 30 days, through the sign-in routes: the cookie skips the code for its own user only", () => {
  async function post(path: "password" | "verify/code", fields: Record<string, string>) {
    const { POST } = await (path === "password"
      ? import("@/app/(auth)/sign-in/password/route")
      : import("@/app/(auth)/sign-in/verify/code/route"));
    // URL-encoded, as the sign-in forms post (components/ui/post-form.ts).
    const response = await POST(new Request(`http://localhost:3000/sign-in/${path}`, { method: "POST", body: new URLSearchParams(fields) }));
    return response.json() as Promise<{ ok: boolean; next?: string }>;
  }

  it("checked with a right code, the browser gets the cookie; the next password sign-in skips the code, another user's does not", async () => {
    const me = await createTwoFactorUser({ methods: ["totp"] });
    const colleague = await createTwoFactorUser({ methods: ["totp"] });

    expect(await post("password", { email: me.email, password: me.password })).toEqual({ ok: true, next: "/sign-in/verify" });
    const code = totpCodeAt(me.totpSecret, new Date());
    expect(await post("verify/code", { method: "totp", code, trustBrowser: "on" })).toEqual({ ok: true, next: "/customer-area" });
    const trustedCookie = browser.cookies.get("trusted_browser");
    expect(trustedCookie, "the trusted-browser cookie").toBeTruthy();

    browser.cookies.delete(SESSION_COOKIE);
    expect(await post("password", { email: me.email, password: me.password }), "signed in without a code").toEqual({
      ok: true,
      next: "/customer-area",
    });
    expect(await post("password", { email: colleague.email, password: colleague.password }), "the colleague").toEqual({
      ok: true,
      next: "/sign-in/verify",
    });
    expect(browser.cookies.get("trusted_browser")).toBe(trustedCookie);
  });

  it("unchecked, no cookie and no trusted browser", async () => {
    const me = await createTwoFactorUser({ methods: ["totp"] });
    await post("password", { email: me.email, password: me.password });
    expect(await post("verify/code", { method: "totp", code: totpCodeAt(me.totpSecret, new Date()) })).toMatchObject({ ok: true });
    expect(browser.cookies.has("trusted_browser")).toBe(false);
    expect(await db.trustedBrowser.count({ where: { userId: me.user.id } })).toBe(0);
  });
});
