/**
 * The rules every server action, sign-in route and customer-area page keeps, whatever it does: a live session, the app's Origin, no page on a pending sign-in.
 * The request is simulated by tests/support/next-request.ts.
 */
import { describe, expect, it, vi } from "vitest";
import { PENDING_SIGN_IN_COOKIE } from "@/lib/auth/pending-sign-in";
import { signInWithPassword } from "@/lib/auth/sign-in-with-password";
import { db } from "@/lib/db";
import { FOREIGN_ORIGIN_MESSAGE } from "@/lib/server-action";
import { browser } from "@/tests/support/next-request";
import { allCustomerAreaActions, callAction, databaseState, everyAction, formRouteModules, hostileForm, isRefusedForNoSession, pageModules, redirectTarget, signedInAs } from "@/tests/support/server-actions";
import { createSignedInSession, createTwoFactorUser, later, TEST_CONTEXT } from "@/tests/support/two-factor-fixtures";

vi.mock("next/headers", () => import("@/tests/support/next-request").then((request) => request.nextHeaders));
vi.mock("next/cache", () => import("@/tests/support/next-request").then((request) => request.nextCache));
vi.mock("next/server", (original) => import("@/tests/support/next-request").then((request) => request.nextServer(original)));

describe("every server action re-checks the session: without a live one it is refused and changes nothing", () => {
  const withoutLiveSession: [string, (userId: string, pendingSignInToken: string) => Promise<void>][] = [
    ["no session cookie", async () => signedInAs(null)],
    [
      "a revoked session",
      async (userId) => {
        const session = await createSignedInSession(userId);
        await db.session.delete({ where: { id: session.id } });
        signedInAs(session);
      },
    ],
    [
      "an expired session",
      async (userId) => signedInAs(await createSignedInSession(userId, later(new Date(), -1000))),
    ],
    ["a made-up session token", async () => signedInAs({ token: "made-up-token" })],
    [
      "only a pending sign-in (correct password, no second factor yet)",
      async (_userId, pendingSignInToken) => {
        browser.cookies.set(PENDING_SIGN_IN_COOKIE, pendingSignInToken);
        signedInAs(null);
      },
    ],
  ];

  it("finds the customer area's actions", async () => {
    const names = (await allCustomerAreaActions()).map(([name]) => name);
    expect(names.length).toBeGreaterThanOrEqual(10);
    expect(names.some((name) => name.endsWith(" addUserAction"))).toBe(true);
    expect(names.some((name) => name.endsWith(" deactivateMethodAction"))).toBe(true);
  });

  it.each(withoutLiveSession)("with %s, every customer-area action is refused", async (_case, arrange) => {
    const victim = await createTwoFactorUser({ methods: ["totp", "email"] });
    const signIn = await signInWithPassword(victim.email, victim.password, TEST_CONTEXT);
    if (signIn.kind !== "second-factor-required") throw new Error("expected a pending sign-in");
    await arrange(victim.user.id, signIn.pendingSignInToken);
    const before = await databaseState();

    for (const [name, action] of await allCustomerAreaActions()) {
      const answer = await callAction(action, hostileForm({ ...victim.user, password: victim.password }));
      expect(isRefusedForNoSession(answer), `${name} answered ${JSON.stringify(answer)}`).toBe(true);
    }
    expect(await databaseState()).toEqual(before);
  });

  it("the real pending sign-in cookie alone opens no action", async () => {
    const victim = await createTwoFactorUser({ methods: ["totp", "email"] });
    const result = await signInWithPassword(victim.email, victim.password, TEST_CONTEXT);
    if (result.kind !== "second-factor-required") throw new Error("expected a pending sign-in");
    browser.cookies.set(PENDING_SIGN_IN_COOKIE, result.pendingSignInToken);
    // Even if the pending sign-in's token were presented as the session's, there is no such session.
    const before = await databaseState();

    for (const session of [null, { token: result.pendingSignInToken }]) {
      signedInAs(session);
      for (const [name, action] of await allCustomerAreaActions()) {
        const answer = await callAction(action, hostileForm({ ...victim.user, password: victim.password }));
        expect(isRefusedForNoSession(answer), `${name} answered ${JSON.stringify(answer)}`).toBe(true);
      }
    }
    expect(await databaseState()).toEqual(before);
  });
});

describe("a server action without the app's Origin is refused and changes nothing", () => {
  it("finds the sign-in steps' routes", () => {
    expect(Object.keys(formRouteModules)).toEqual(
      expect.arrayContaining([
        "/app/(auth)/sign-in/password/route.ts",
        "/app/(auth)/sign-in/verify/code/route.ts",
        "/app/(auth)/sign-in/verify/recovery-code/route.ts",
      ]),
    );
  });

  it("finds the sign-up, second-step and customer-area actions", async () => {
    const names = (await everyAction()).map(([name]) => name);
    expect(names).toEqual(
      expect.arrayContaining([
        expect.stringContaining("(auth)/actions.ts signUpAction"),
        expect.stringContaining("verify/actions.ts sendSignInEmailCodeAction"),
        expect.stringContaining("security/actions.ts deactivateMethodAction"),
      ]),
    );
  });

  for (const [label, origin] of [
    ["no Origin header", null],
    ["another site's Origin", "https://evil.test"],
    ["the app's host on another scheme", "https://localhost:3000"],
  ] as const) {
    it(`${label}: every action answers that the request did not come from the app`, async () => {
      const me = await createTwoFactorUser({ methods: ["totp", "email"] });
      const started = await signInWithPassword(me.email, me.password, TEST_CONTEXT);
      if (started.kind !== "second-factor-required") throw new Error("expected a pending sign-in");
      signedInAs(await createSignedInSession(me.user.id));
      browser.cookies.set(PENDING_SIGN_IN_COOKIE, started.pendingSignInToken);
      browser.origin = origin;
      const before = await databaseState();

      for (const [name, action] of await everyAction()) {
        const answer = await callAction(action, hostileForm({ ...me.user, password: me.password }));
        expect(answer, name).toEqual({ result: { ok: false, error: FOREIGN_ORIGIN_MESSAGE } });
      }
      for (const [path, load] of Object.entries(formRouteModules)) {
        const { POST } = await load();
        if (!POST) continue;
        const request = new Request("http://localhost:3000/", { method: "POST", body: hostileForm({ ...me.user, password: me.password }) });
        expect(await (await POST(request)).json(), path).toEqual({ ok: false, error: FOREIGN_ORIGIN_MESSAGE });
        // URL-encoded too, as the sign-in forms post.
        const fields = new URLSearchParams();
        for (const [name, value] of hostileForm({ ...me.user, password: me.password })) fields.append(name, String(value));
        const encoded = new Request("http://localhost:3000/", { method: "POST", body: fields });
        expect(await (await POST(encoded)).json(), `${path} (URL-encoded)`).toEqual({ ok: false, error: FOREIGN_ORIGIN_MESSAGE });
      }
      expect(await databaseState()).toEqual(before);
    });
  }
});

describe("with only a pending sign-in, every protected page is refused", () => {
  it("finds the customer area's pages and layouts", () => {
    expect(Object.keys(pageModules)).toEqual(
      expect.arrayContaining([
        "/app/customer-area/layout.tsx",
        "/app/customer-area/page.tsx",
        "/app/customer-area/security/page.tsx",
        "/app/customer-area/users/page.tsx",
      ]),
    );
  });

  it("requireSession() redirects to /sign-in without a session and with only a pending sign-in, and returns a live one", async () => {
    const { requireSession } = await import("@/lib/auth/current-session");
    const { user, email, password } = await createTwoFactorUser({ methods: ["totp"] });

    await expect(requireSession()).rejects.toSatisfy((error) => redirectTarget(error) === "/sign-in");

    const result = await signInWithPassword(email, password, TEST_CONTEXT);
    if (result.kind !== "second-factor-required") throw new Error("expected a pending sign-in");
    browser.cookies.set(PENDING_SIGN_IN_COOKIE, result.pendingSignInToken);
    await expect(requireSession()).rejects.toSatisfy((error) => redirectTarget(error) === "/sign-in");

    const session = await createSignedInSession(user.id);
    signedInAs(session);
    expect((await requireSession()).userId).toBe(user.id);
  });

  it("every customer-area page and layout redirects to /sign-in with only a pending sign-in", async () => {
    const { email, password } = await createTwoFactorUser({ methods: ["totp"] });
    const result = await signInWithPassword(email, password, TEST_CONTEXT);
    if (result.kind !== "second-factor-required") throw new Error("expected a pending sign-in");
    browser.cookies.set(PENDING_SIGN_IN_COOKIE, result.pendingSignInToken);

    for (const [path, load] of Object.entries(pageModules)) {
      const render = (await load()).default;
      const props = { children: null, params: Promise.resolve({}), searchParams: Promise.resolve({}) };
      await expect(render(props), path).rejects.toSatisfy((error) => redirectTarget(error) === "/sign-in");
    }
  });
});
