/**
 * next-auth writes and reads the session cookie (auth.ts), and the sessions
 * stay ours: the cookie holds an opaque random token, the database its keyed
 * hash, every auth() checks the row, and nothing derives a key per request.
 */
import * as nodeCrypto from "node:crypto";
import { createRequire, syncBuiltinESMExports } from "node:module";
import { describe, expect, it, vi } from "vitest";

vi.mock("next/headers", () => import("@/tests/support/next-request").then((request) => request.nextHeaders));
vi.mock("next/cache", () => import("@/tests/support/next-request").then((request) => request.nextCache));
vi.mock("next/server", (original) => import("@/tests/support/next-request").then((request) => request.nextServer(original)));

/** The password step as the sign-in page's script posts it. */
async function signInWithPasswordRoute(email: string, password: string) {
  const response = await passwordStep(
    new Request("http://localhost:3000/sign-in/password", {
      method: "POST",
      headers: { origin: "http://localhost:3000", accept: "application/json", "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ email, password }),
    }),
  );
  return response.json();
}

/**
 * Every way node:crypto and WebCrypto derive a key, spied on (calling through)
 * before any app or library module is imported: Vitest hands a module its
 * imports as they were at its import, so a spy installed later would count nothing.
 */
const derivations = (() => {
  const cjsCrypto = createRequire(import.meta.url)("node:crypto") as typeof nodeCrypto;
  const names = ["hkdf", "hkdfSync", "pbkdf2", "pbkdf2Sync", "scrypt", "scryptSync"] as const;
  const spies = [
    ...names.map((name) => [name, vi.spyOn(cjsCrypto, name)] as const),
    ["subtle.deriveBits", vi.spyOn(globalThis.crypto.subtle, "deriveBits")] as const,
    ["subtle.deriveKey", vi.spyOn(globalThis.crypto.subtle, "deriveKey")] as const,
  ];
  syncBuiltinESMExports();
  return spies;
})();

const { auth } = await import("@/auth");
const { encode: encodeJwe } = await import("next-auth/jwt");
const { currentSession } = await import("@/lib/auth/current-session");
const { keyedHash } = await import("@/lib/auth/tokens");
const { revokeSession } = await import("@/lib/auth/sessions");
const { db } = await import("@/lib/db");
const { browser } = await import("@/tests/support/next-request");
const { callAction, SESSION_COOKIE } = await import("@/tests/support/server-actions");
const { createTestUser } = await import("@/tests/support/create-test-user");
const { POST: passwordStep } = await import("@/app/(auth)/sign-in/password/route");
const { signOutAction } = await import("@/app/customer-area/actions");

/** The derivations made while `run` runs, by name, one per call. */
async function keyDerivationsDuring(run: () => Promise<void>): Promise<string[]> {
  for (const [, spy] of derivations) spy.mockClear();
  await run();
  return derivations.flatMap(([name, spy]) => spy.mock.calls.map(() => name));
}

describe("the session cookie next-auth writes is our opaque token", () => {
  it("a password sign-in through the Credentials provider sets a random token whose keyed hash is the session row", async () => {
    const me = await createTestUser();
    expect(await signInWithPasswordRoute(me.email, me.password)).toEqual({ ok: true, next: "/customer-area" });
    const token = browser.cookies.get(SESSION_COOKIE);
    // 32 random bytes, base64url: no JWT, no JWE (those have dots), nothing about the user in it.
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const row = await db.session.findUnique({ where: { tokenHash: keyedHash("session", token!) } });
    expect(row?.userId).toBe(me.user.id);
  });

  it("auth() answers the session while its row lives, and nothing once the row is gone", async () => {
    const me = await createTestUser();
    await signInWithPasswordRoute(me.email, me.password);
    const session = await currentSession();
    expect(session?.user.email).toBe(me.email);
    expect(session?.expiresAt).toBeInstanceOf(Date);
    await revokeSession(session!.id);
    expect(await auth()).toBeNull();
    expect(await currentSession()).toBeNull();
  });

  it("a forged cookie value signs nobody in", async () => {
    browser.cookies.set(SESSION_COOKIE, "A".repeat(43));
    expect(await currentSession()).toBeNull();
  });

  it("Sign out goes through next-auth's signOut: the row is deleted and the cookie cleared", async () => {
    const me = await createTestUser();
    await signInWithPasswordRoute(me.email, me.password);
    const token = browser.cookies.get(SESSION_COOKIE)!;
    await callAction(signOutAction, new FormData());
    expect(await db.session.count({ where: { tokenHash: keyedHash("session", token) } })).toBe(0);
    expect(browser.cookies.get(SESSION_COOKIE) ?? "").toBe("");
  });
});

describe("nothing derives a key per request", () => {
  it("a sign-in and ten reads of the session call no HKDF, PBKDF2, scrypt or WebCrypto derivation", async () => {
    const me = await createTestUser();
    await signInWithPasswordRoute(me.email, me.password); // the server's own keys are derived once, before counting
    browser.cookies.clear();
    const calls = await keyDerivationsDuring(async () => {
      expect(await signInWithPasswordRoute(me.email, me.password)).toEqual({ ok: true, next: "/customer-area" });
      for (let read = 0; read < 10; read++) expect((await auth())?.active?.user.email).toBe(me.email);
    });
    expect(calls).toEqual([]);
  });

  it("the count sees a derivation: Auth.js's own session cookie (a JWE) derives its key with HKDF", async () => {
    const calls = await keyDerivationsDuring(async () => {
      await encodeJwe({ token: { sub: "someone" }, secret: "a-secret-of-at-least-32-characters-long", salt: "authjs.session-token" });
    });
    expect(calls).toContain("hkdf");
  });
});
