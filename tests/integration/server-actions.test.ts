/**
 * The real server actions and pages of the customer area, called as Next.js
 * would call them. Only the request is simulated: next/headers (headers and
 * cookies, with the browser's session cookie) and next/cache.
 */
import { randomUUID } from "node:crypto";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { PENDING_SIGN_IN_COOKIE } from "@/lib/auth/pending-sign-in";

const SESSION_COOKIE = "session";
import { verifyPassword } from "@/lib/auth/password";
import { findActiveSession } from "@/lib/auth/sessions";
import { signInWithPassword } from "@/lib/auth/sign-in-with-password";
import { db } from "@/lib/db";
import { FOREIGN_ORIGIN_MESSAGE, SIGNED_OUT_REDIRECT } from "@/lib/server-action";
import { createTestUser } from "@/tests/support/create-test-user";
import {
  createSignedInSession,
  createTrustedBrowser,
  createTwoFactorUser,
  giveRecoveryCodes,
  later,
  methodsOf,
  pendingSignInFor,
  TEST_CONTEXT,
  totpCodeAt,
} from "@/tests/support/two-factor-fixtures";

const browser = vi.hoisted(() => ({
  cookies: new Map<string, string>(),
  /** The Origin header the browser sends; null for a request without one. */
  origin: "http://localhost:3000" as string | null,
}));

vi.mock("next/headers", () => ({
  headers: async () =>
    new Headers({
      "user-agent": "Vitest",
      "x-forwarded-for": "203.0.113.5",
      ...(browser.origin === null ? {} : { origin: browser.origin }),
    }),
  cookies: async () => ({
    get: (name: string) => (browser.cookies.has(name) ? { name, value: browser.cookies.get(name)! } : undefined),
    has: (name: string) => browser.cookies.has(name),
    getAll: () => [...browser.cookies].map(([name, value]) => ({ name, value })),
    set: (name: string, value: string) => void browser.cookies.set(name, value),
    delete: (name: string) => void browser.cookies.delete(name),
  }),
}));

vi.mock("next/cache", () => ({ revalidatePath: vi.fn(), revalidateTag: vi.fn() }));

type ServerAction = (previous: unknown, formData: FormData) => Promise<unknown>;

// Every actions.ts of the customer area, found by file name: a new one is covered without editing this test.
const actionModules = import.meta.glob<Record<string, unknown>>("/app/customer-area/**/actions.ts");
// Every server action of the app, signed in or not: the Origin rule holds for all of them.
const everyActionModule = import.meta.glob<Record<string, unknown>>("/app/**/actions.ts");
// The sign-in steps are routes that answer JSON (lib/form-route.ts); the same rules hold for them.
const formRouteModules = import.meta.glob<{ POST?: (request: Request) => Promise<Response> }>("/app/**/route.ts");
const pageModules = import.meta.glob<{ default: (props: unknown) => Promise<unknown> }>(
  "/app/customer-area/**/{page,layout}.tsx",
);

/** The exported functions of the given actions.ts modules, named by file and export. */
async function actionsOf(modules: Record<string, () => Promise<Record<string, unknown>>>) {
  const actions: [string, ServerAction][] = [];
  for (const [path, load] of Object.entries(modules)) {
    for (const [name, value] of Object.entries(await load())) {
      if (typeof value === "function") actions.push([`${path} ${name}`, value as ServerAction]);
    }
  }
  return actions;
}

const allCustomerAreaActions = () => actionsOf(actionModules);
const everyAction = () => actionsOf(everyActionModule);

async function securityActions() {
  return import("@/app/customer-area/security/actions");
}

function form(fields: Record<string, string>): FormData {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) data.set(name, value);
  return data;
}

/** The browser holds this session's cookie, or none. */
function signedInAs(session: { token: string } | null): void {
  if (session) browser.cookies.set(SESSION_COOKIE, session.token);
  else browser.cookies.delete(SESSION_COOKIE);
}

beforeEach(() => {
  browser.cookies.clear();
  browser.origin = "http://localhost:3000";
  vi.spyOn(console, "info").mockImplementation(() => {});
});

/** Next's redirect() throws an error whose digest names the target. */
function redirectTarget(error: unknown): string | undefined {
  const digest = typeof error === "object" && error !== null && "digest" in error ? String(error.digest) : "";
  return digest.startsWith("NEXT_REDIRECT;") ? digest.split(";")[2] : undefined;
}

/** How an action answered: its result, or where it redirected. */
async function callAction(action: ServerAction, formData: FormData) {
  try {
    return { result: await action(null, formData) };
  } catch (error) {
    const redirectedTo = redirectTarget(error);
    if (redirectedTo === undefined) throw error;
    return { redirectedTo };
  }
}

function isRefusedForNoSession(answer: Awaited<ReturnType<typeof callAction>>): boolean {
  // Server actions send the browser to sign in again; signOutAction goes to the sign-in page itself.
  return "redirectedTo" in answer && (answer.redirectedTo === SIGNED_OUT_REDIRECT || answer.redirectedTo === "/sign-in");
}

/** Everything an action could change, for "nothing changed". */
async function databaseState() {
  const [users, sessions, grants, pendingTotp, methods, emailCodes, events, mails, links, pendingSignIns, trustedBrowsers] =
    await Promise.all([
      db.user.findMany({ select: { id: true, passwordHash: true, primaryTwoFactorType: true }, orderBy: { id: "asc" } }),
      db.session.findMany({ select: { id: true }, orderBy: { id: "asc" } }),
      db.passwordGrant.count(),
      db.pendingTotpSetup.count(),
      db.twoFactorMethod.findMany({ select: { id: true }, orderBy: { id: "asc" } }),
      db.emailCode.count(),
      db.securityEvent.count(),
      db.devOutboxMail.count(),
      db.invitation.count(),
      db.pendingSignIn.findMany({ select: { id: true, consumedAt: true }, orderBy: { id: "asc" } }),
      db.trustedBrowser.findMany({ select: { id: true }, orderBy: { id: "asc" } }),
    ]);
  return { users, sessions, grants, pendingTotp, methods, emailCodes, events, mails, links, pendingSignIns, trustedBrowsers };
}

/** A form that would do harm if an action trusted it names the victim and knows their password. */
function hostileForm(victim: { id: string; accountId: string; email: string; password: string }): FormData {
  return form({
    userId: victim.id,
    accountId: victim.accountId,
    email: victim.email,
    name: "Mallory",
    password: victim.password,
    currentPassword: victim.password,
    newPassword: "a-brand-new-password",
    code: "123456",
    method: "totp",
    primaryMethod: "email",
    sessionId: randomUUID(),
    trustedBrowserId: randomUUID(),
  });
}

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

describe("members get no access to the Users page", () => {
  it("the Users page answers a member with Not Found, and an owner with the page", async () => {
    const { default: UsersPage } = await import("@/app/customer-area/users/page");
    const member = await createTestUser({ role: "member" });
    signedInAs(await createSignedInSession(member.user.id));
    const props = { searchParams: Promise.resolve({}) };
    await expect(UsersPage(props)).rejects.toSatisfy((error) =>
      String((error as { digest?: unknown }).digest).endsWith(";404"),
    );

    const owner = await createTestUser({ role: "owner" });
    signedInAs(await createSignedInSession(owner.user.id));
    await expect(UsersPage(props)).resolves.toBeTruthy();
  });
});

describe("every server action acts only on the signed-in user; a client-sent user id is ignored", () => {
  it("changePasswordAction with another user's id and email changes only the signed-in user's password", async () => {
    const { changePasswordAction } = await securityActions();
    const me = await createTestUser();
    const other = await createTestUser();
    signedInAs(await createSignedInSession(me.user.id));

    const result = await changePasswordAction(
      null,
      form({ userId: other.user.id, email: other.email, currentPassword: me.password!, newPassword: "my-new-password-1" }),
    );

    expect(result).toMatchObject({ ok: true });
    const [mine, theirs] = await Promise.all([
      db.user.findUniqueOrThrow({ where: { id: me.user.id } }),
      db.user.findUniqueOrThrow({ where: { id: other.user.id } }),
    ]);
    expect(await verifyPassword(mine.passwordHash!, "my-new-password-1")).toBe(true);
    expect(theirs.passwordHash).toBe(other.user.passwordHash);
  });

  it("changePasswordAction checks the signed-in user's password, not the one of the user named in the form", async () => {
    const { changePasswordAction } = await securityActions();
    const me = await createTestUser();
    const other = await createTestUser();
    signedInAs(await createSignedInSession(me.user.id));

    const result = await changePasswordAction(
      null,
      form({ userId: other.user.id, currentPassword: other.password!, newPassword: "stolen-password-1" }),
    );

    expect(result).toMatchObject({ ok: false });
    expect((await db.user.findUniqueOrThrow({ where: { id: other.user.id } })).passwordHash).toBe(other.user.passwordHash);
    expect((await db.user.findUniqueOrThrow({ where: { id: me.user.id } })).passwordHash).toBe(me.user.passwordHash);
  });

  it("confirmPasswordForTotpAction with another user's id creates the grant and the setup for the signed-in user only", async () => {
    const { confirmPasswordForTotpAction } = await securityActions();
    const me = await createTestUser();
    const other = await createTestUser();
    const session = await createSignedInSession(me.user.id);
    signedInAs(session);

    const result = await confirmPasswordForTotpAction(null, form({ userId: other.user.id, password: me.password! }));

    expect(result).toMatchObject({ ok: true });
    const grants = await db.passwordGrant.findMany({
      where: { userId: { in: [me.user.id, other.user.id] } },
      select: { userId: true, sessionId: true },
    });
    expect(grants).toEqual([
      { userId: me.user.id, sessionId: session.id },
    ]);
    expect(await db.pendingTotpSetup.count({ where: { userId: me.user.id } })).toBe(1);
    expect(await db.pendingTotpSetup.count({ where: { userId: other.user.id } })).toBe(0);
  });

  it("deactivateMethodAction with another user's id deactivates the signed-in user's method only", async () => {
    const { deactivateMethodAction } = await securityActions();
    const me = await createTwoFactorUser({ methods: ["totp", "email"] });
    const other = await createTwoFactorUser({ methods: ["totp", "email"] });
    signedInAs(await createSignedInSession(me.user.id));

    const result = await deactivateMethodAction(
      null,
      form({ userId: other.user.id, method: "email", password: me.password }),
    );

    expect(result).toMatchObject({ ok: true });
    expect(await methodsOf(me.user.id)).toEqual({ primary: "totp", types: ["totp"] });
    expect(await methodsOf(other.user.id)).toEqual({ primary: "totp", types: ["email", "totp"] });
  });

  it("deactivateMethodAction naming another user and giving that user's password cannot touch their 2FA", async () => {
    const { deactivateMethodAction } = await securityActions();
    const me = await createTwoFactorUser({ methods: ["totp", "email"] });
    const other = await createTwoFactorUser({ methods: ["totp", "email"] });
    signedInAs(await createSignedInSession(me.user.id));

    const result = await deactivateMethodAction(
      null,
      form({ userId: other.user.id, method: "totp", password: other.password }),
    );

    expect(result).toMatchObject({ ok: false });
    expect(await methodsOf(other.user.id)).toEqual({ primary: "totp", types: ["email", "totp"] });
    expect(await methodsOf(me.user.id)).toEqual({ primary: "totp", types: ["email", "totp"] });
  });

  it("deactivateMethodAction refuses the sole remaining method", async () => {
    const { deactivateMethodAction } = await securityActions();
    const me = await createTwoFactorUser({ methods: ["email"] });
    signedInAs(await createSignedInSession(me.user.id));

    const result = await deactivateMethodAction(null, form({ method: "email", password: me.password }));

    expect(result).toMatchObject({ ok: false });
    expect(await methodsOf(me.user.id)).toEqual({ primary: "email", types: ["email"] });
  });

  it("generateRecoveryCodesAction with another user's id and password replaces nobody's codes but the signed-in user's", async () => {
    const { generateRecoveryCodesAction } = await securityActions();
    const me = await createTwoFactorUser({ methods: ["totp"] });
    const other = await createTwoFactorUser({ methods: ["totp"] });
    await giveRecoveryCodes(me.user.id);
    await giveRecoveryCodes(other.user.id);
    const hashesOf = async (userId: string) =>
      (await db.recoveryCode.findMany({ where: { userId }, select: { codeHash: true }, orderBy: { codeHash: "asc" } })).map((row) => row.codeHash);
    const [mine, theirs] = [await hashesOf(me.user.id), await hashesOf(other.user.id)];
    signedInAs(await createSignedInSession(me.user.id));

    const refused = await generateRecoveryCodesAction(null, form({ userId: other.user.id, password: other.password }));
    expect(refused).toMatchObject({ ok: false, error: "The password is incorrect." });
    expect(await hashesOf(me.user.id)).toEqual(mine);

    const result = await generateRecoveryCodesAction(null, form({ userId: other.user.id, password: me.password }));
    expect(result).toMatchObject({ ok: true, recoveryCodes: expect.any(Array) });
    expect(await hashesOf(me.user.id)).not.toEqual(mine);
    expect(await hashesOf(other.user.id)).toEqual(theirs);
  });

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

  it("signOutOtherSessionsAction with another user's id ends only the signed-in user's other sessions", async () => {
    const { signOutOtherSessionsAction } = await securityActions();
    const me = await createTestUser();
    const other = await createTestUser();
    const current = await createSignedInSession(me.user.id);
    await createSignedInSession(me.user.id);
    const othersSession = await createSignedInSession(other.user.id);
    signedInAs(current);

    const result = await signOutOtherSessionsAction(null, form({ userId: other.user.id }));

    expect(result).toMatchObject({ ok: true, signedOut: 1 });
    const remaining = await db.session.findMany({ where: { userId: { in: [me.user.id, other.user.id] } } });
    expect(remaining.map((session) => session.id).sort()).toEqual([current.id, othersSession.id].sort());
  });

  it("a member calling addUserAction is refused and nothing is created", async () => {
    const { addUserAction } = await import("@/app/customer-area/users/actions");
    const member = await createTestUser({ role: "member" });
    signedInAs(await createSignedInSession(member.user.id));
    const before = await databaseState();

    const result = await addUserAction(null, form({ name: "New Person", email: "new-person@example.test" }));

    expect(result).toMatchObject({ ok: false, error: "You are not allowed to do this." });
    expect(await db.invitation.count({ where: { email: "new-person@example.test" } })).toBe(0);
    expect(await databaseState()).toEqual(before);
  });

  it("an owner's addUserAction adds to the owner's own account, whatever account id the form names", async () => {
    const { addUserAction } = await import("@/app/customer-area/users/actions");
    const owner = await createTestUser({ role: "owner" });
    const otherAccount = await createTestUser({ role: "owner" });
    signedInAs(await createSignedInSession(owner.user.id));

    const result = await addUserAction(
      null,
      form({ name: "New Person", email: "added-by-owner@example.test", accountId: otherAccount.account.id, role: "owner" }),
    );

    expect(result).toMatchObject({ ok: true });
    const added = await db.invitation.findMany({ where: { email: "added-by-owner@example.test" } });
    expect(added.map((invitation) => invitation.accountId)).toEqual([owner.account.id]);
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

describe("Sessions and Trusted browsers: a user cannot end another user's session or trusted browser by id (forged form)", () => {
  it("signOutSessionAction with another user's session id is refused and that session lives on", async () => {
    const { signOutSessionAction } = await securityActions();
    const me = await createTestUser();
    const victim = await createTestUser();
    signedInAs(await createSignedInSession(me.user.id));
    const theirs = await createSignedInSession(victim.user.id);
    const before = await databaseState();

    const result = await signOutSessionAction(null, form({ sessionId: theirs.id, userId: victim.user.id }));

    expect(result).toMatchObject({ ok: false, error: expect.stringMatching(/already ended/) });
    expect(await findActiveSession(theirs.token), "the victim's session").not.toBeNull();
    expect(await databaseState()).toEqual(before);
  });

  it("signOutSessionAction ends my other session, and its cookie is refused on its next request", async () => {
    const { signOutSessionAction, signOutOtherSessionsAction } = await securityActions();
    const { requireSession } = await import("@/lib/auth/current-session");
    const me = await createTestUser();
    const laptop = await createSignedInSession(me.user.id);
    signedInAs(await createSignedInSession(me.user.id));

    expect(await signOutSessionAction(null, form({ sessionId: laptop.id }))).toEqual({ ok: true });

    signedInAs(laptop);
    await expect(requireSession(), "a page on the ended session").rejects.toSatisfy((error) => redirectTarget(error) === "/sign-in");
    expect(await callAction(signOutOtherSessionsAction, form({})), "an action on the ended session").toEqual({
      redirectedTo: SIGNED_OUT_REDIRECT,
    });
  });

  it("removeTrustedBrowserAction with another user's trusted browser id is refused and it stays trusted", async () => {
    const { removeTrustedBrowserAction } = await securityActions();
    const me = await createTestUser();
    const victim = await createTwoFactorUser({ methods: ["totp"] });
    signedInAs(await createSignedInSession(me.user.id));
    const theirs = await createTrustedBrowser(victim.user.id);
    const before = await databaseState();

    const result = await removeTrustedBrowserAction(null, form({ trustedBrowserId: theirs.id, userId: victim.user.id }));

    expect(result).toMatchObject({ ok: false, error: expect.stringMatching(/no longer trusted/) });
    expect(await databaseState()).toEqual(before);
    const signIn = await signInWithPassword(victim.email, victim.password, TEST_CONTEXT, { trustedBrowserToken: theirs.token });
    expect(signIn.kind, "the victim's browser is still trusted").toBe("signed-in");
  });

  it("removeAllTrustedBrowsersAction naming another user removes only the signed-in user's", async () => {
    const { removeAllTrustedBrowsersAction } = await securityActions();
    const me = await createTestUser();
    const victim = await createTestUser();
    signedInAs(await createSignedInSession(me.user.id));
    await createTrustedBrowser(me.user.id);
    const theirs = await createTrustedBrowser(victim.user.id);

    const result = await removeAllTrustedBrowsersAction(null, form({ userId: victim.user.id }));

    expect(result).toMatchObject({ ok: true, removed: 1 });
    const left = await db.trustedBrowser.findMany({ where: { userId: { in: [me.user.id, victim.user.id] } }, select: { id: true } });
    expect(left).toEqual([{ id: theirs.id }]);
  });

  it("an id that is not one (oversized, not a uuid) is refused before any query and changes nothing", async () => {
    const { signOutSessionAction, removeTrustedBrowserAction } = await securityActions();
    const me = await createTestUser();
    signedInAs(await createSignedInSession(me.user.id));
    const before = await databaseState();

    for (const id of ["x".repeat(10_000), "1 OR 1=1", ""]) {
      const ended = await signOutSessionAction(null, form({ sessionId: id }));
      const removed = await removeTrustedBrowserAction(null, form({ trustedBrowserId: id }));
      expect(ended).toMatchObject({ ok: false, fieldErrors: { sessionId: [expect.stringMatching(/not in your list/)] } });
      expect(removed).toMatchObject({ ok: false, fieldErrors: { trustedBrowserId: [expect.stringMatching(/not in your list/)] } });
    }
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

describe("owner actions on Users re-check ownership on the server: forged forms fail and change nothing", () => {
  /** An owner with 2FA, a member of the same account with the app, and a user with the app in another account. */
  async function twoAccounts() {
    const owner = await createTwoFactorUser({ role: "owner", methods: ["totp"] });
    const member = await createTwoFactorUser({ role: "member", methods: ["totp"] });
    await db.user.update({ where: { id: member.user.id }, data: { accountId: owner.account.id } });
    const stranger = await createTwoFactorUser({ role: "member", methods: ["totp"] });
    return { owner, member, stranger };
  }

  it("a member calling resetTwoFactorAction on a colleague, with their own password and the colleague's address, is refused", async () => {
    const { resetTwoFactorAction } = await import("@/app/customer-area/users/actions");
    const { owner, member } = await twoAccounts();
    signedInAs(await createSignedInSession(member.user.id));
    const before = await databaseState();

    const result = await resetTwoFactorAction(
      null,
      form({ userId: owner.user.id, confirmation: owner.email, password: member.password, accountId: owner.account.id }),
    );

    expect(result).toMatchObject({ ok: false, error: "You are not allowed to do this." });
    expect(await databaseState()).toEqual(before);
  });

  it("an owner's resetTwoFactorAction naming a user of another account is refused, whatever account id the form names", async () => {
    const { resetTwoFactorAction } = await import("@/app/customer-area/users/actions");
    const { owner, stranger } = await twoAccounts();
    signedInAs(await createSignedInSession(owner.user.id));
    const before = await databaseState();

    const result = await resetTwoFactorAction(
      null,
      form({ userId: stranger.user.id, confirmation: stranger.email, password: owner.password, accountId: stranger.account.id }),
    );

    expect(result).toMatchObject({ ok: false, error: "You are not allowed to do this." });
    expect(await databaseState()).toEqual(before);
  });

  it("an owner's resetTwoFactorAction without a password is refused by the form's check; with the right one it resets the member", async () => {
    const { resetTwoFactorAction } = await import("@/app/customer-area/users/actions");
    const { owner, member } = await twoAccounts();
    signedInAs(await createSignedInSession(owner.user.id));
    const before = await databaseState();

    const refused = await resetTwoFactorAction(null, form({ userId: member.user.id, confirmation: member.email, password: "" }));
    expect(refused).toMatchObject({ ok: false, fieldErrors: { password: ["Enter your password."] } });
    expect(await databaseState()).toEqual(before);

    const reset = await resetTwoFactorAction(
      null,
      form({ userId: member.user.id, confirmation: member.email.toUpperCase(), password: owner.password }),
    );
    expect(reset).toMatchObject({ ok: true });
    expect(await methodsOf(member.user.id)).toEqual({ primary: null, types: [] });
  });
});

describe("Require two-factor authentication: past the deadline a user without it reaches only the setup and sign-out", () => {
  /** What a user who must set up two-factor authentication may still call. */
  const SETUP_ACTIONS = [
    "confirmPasswordForTotpAction",
    "verifyTotpSetupAction",
    "confirmPasswordForEmailAction",
    "resendEmailSetupCodeAction",
    "verifyEmailSetupAction",
    "confirmPasswordForSecurityKeyAction",
    "addSecurityKeyAction",
    "signOutAction",
  ];
  const SETUP_PAGES = ["/app/customer-area/layout.tsx", "/app/customer-area/security/page.tsx"];
  const pageProps = { children: null, params: Promise.resolve({}), searchParams: Promise.resolve({}) };

  /** An owner with the app and a member without 2FA in one account that requires it from `requiredFrom`; the member signed in. */
  async function memberOfRequiringAccount(requiredFrom: Date) {
    const owner = await createTwoFactorUser({ role: "owner", methods: ["totp"] });
    const member = await createTestUser({ role: "member" });
    await db.user.update({ where: { id: member.user.id }, data: { accountId: owner.account.id } });
    await db.account.update({ where: { id: owner.account.id }, data: { twoFactorRequiredFrom: requiredFrom } });
    signedInAs(await createSignedInSession(member.user.id));
    return { owner, member };
  }

  it("every other page sends the user to the setup; the layout and Security and access render", async () => {
    await memberOfRequiringAccount(later(new Date(), -1000));

    for (const [path, load] of Object.entries(pageModules)) {
      const render = (await load()).default;
      if (SETUP_PAGES.includes(path)) await expect(render(pageProps), path).resolves.toBeTruthy();
      else await expect(render(pageProps), path).rejects.toSatisfy((error) => redirectTarget(error) === "/customer-area/security");
    }
  });

  it("every other action is refused with the same redirect and changes nothing; the setup actions and sign-out still answer", async () => {
    const { member } = await memberOfRequiringAccount(later(new Date(), -1000));
    const actions = await allCustomerAreaActions();
    const before = await databaseState();

    for (const [name, action] of actions.filter(([name]) => !SETUP_ACTIONS.some((allowed) => name.endsWith(` ${allowed}`)))) {
      const answer = await callAction(action, hostileForm({ ...member.user, password: member.password! }));
      expect(answer, name).toEqual({ redirectedTo: "/customer-area/security" });
    }
    expect(await databaseState()).toEqual(before);

    const { confirmPasswordForTotpAction } = await securityActions();
    expect(await confirmPasswordForTotpAction(null, form({ password: member.password! }))).toMatchObject({ ok: true });
    const { signOutAction } = await import("@/app/customer-area/actions");
    // Sign-out answers with its redirect to the sign-in page that says "You are signed out."
    expect(await callAction(signOutAction, form({}))).toEqual({ redirectedTo: "/sign-in?signed-out=1" });
    expect(await db.session.count({ where: { userId: member.user.id } })).toBe(0);
  });

  it("during the grace period every page and action works as before", async () => {
    const { member } = await memberOfRequiringAccount(later(new Date(), 7 * 24 * 60 * 60 * 1000));

    for (const [path, load] of Object.entries(pageModules)) {
      if (path.includes("/users/")) continue; // an owner's page: Not Found for a member, as always
      await expect((await load()).default(pageProps), path).resolves.toBeTruthy();
    }
    const { signOutOtherSessionsAction } = await securityActions();
    expect(await signOutOtherSessionsAction(null, form({}))).toMatchObject({ ok: true });
    const { changePasswordAction } = await securityActions();
    expect(
      await changePasswordAction(null, form({ currentPassword: member.password!, newPassword: "a-brand-new-password" })),
    ).toMatchObject({ ok: true });
  });

  it("once the user has a method, the deadline no longer holds them back", async () => {
    const { member } = await memberOfRequiringAccount(later(new Date(), -1000));
    await db.twoFactorMethod.create({ data: { userId: member.user.id, type: "email" } });

    const { default: HomePage } = await import("@/app/customer-area/page");
    await expect(HomePage()).resolves.toBeTruthy();
    const { signOutOtherSessionsAction } = await securityActions();
    expect(await signOutOtherSessionsAction(null, form({}))).toMatchObject({ ok: true });
  });

  it("a member calling setTwoFactorRequirementAction with their own password is refused and nothing changes", async () => {
    const { setTwoFactorRequirementAction } = await import("@/app/customer-area/users/actions");
    const member = await createTwoFactorUser({ role: "member", methods: ["totp"] });
    signedInAs(await createSignedInSession(member.user.id));
    const before = await databaseState();

    const result = await setTwoFactorRequirementAction(
      null,
      form({ required: "on", graceDays: "0", password: member.password, accountId: member.account.id }),
    );

    expect(result).toMatchObject({ ok: false, error: "You are not allowed to do this." });
    expect((await db.account.findUniqueOrThrow({ where: { id: member.account.id } })).twoFactorRequiredFrom).toBeNull();
    expect(await databaseState()).toEqual(before);
  });

  it("an owner without two-factor authentication cannot require it; with it, the owner's own account is the one that changes", async () => {
    const { setTwoFactorRequirementAction } = await import("@/app/customer-area/users/actions");
    const owner = await createTestUser({ role: "owner" });
    const otherAccount = await createTestUser({ role: "owner" });
    signedInAs(await createSignedInSession(owner.user.id));

    const refused = await setTwoFactorRequirementAction(null, form({ required: "on", graceDays: "7", password: owner.password! }));
    expect(refused).toMatchObject({ ok: false, error: expect.stringContaining("Turn on two-factor authentication for your own user first") });
    expect((await db.account.findUniqueOrThrow({ where: { id: owner.account.id } })).twoFactorRequiredFrom).toBeNull();

    await db.twoFactorMethod.create({ data: { userId: owner.user.id, type: "email" } });
    const before = Date.now();
    const required = await setTwoFactorRequirementAction(
      null,
      form({ required: "on", graceDays: "7", password: owner.password!, accountId: otherAccount.account.id }),
    );
    expect(required).toMatchObject({ ok: true });
    const requiredFrom = (await db.account.findUniqueOrThrow({ where: { id: owner.account.id } })).twoFactorRequiredFrom!;
    expect(requiredFrom.getTime() - before).toBeGreaterThanOrEqual(7 * 24 * 60 * 60 * 1000 - 1000);
    expect((await db.account.findUniqueOrThrow({ where: { id: otherAccount.account.id } })).twoFactorRequiredFrom).toBeNull();
  });
});
