/**
 * Sign-in through an identity provider, end to end: a real OpenID Connect
 * provider on loopback (Demo SSO, scripts/demo-identity-provider.ts), the
 * server actions that send the browser there, and next-auth's callback route
 * (app/api/auth/[...nextauth]/route.ts, lib/identity-providers/provider-callback.ts).
 * Every test checks the database and what the browser was given.
 */
import { randomBytes } from "node:crypto";
import { inspect } from "node:util";
import { afterAll, describe, expect, it, onTestFinished, vi } from "vitest";
import { FREE_ATTEMPTS } from "@/lib/auth/attempt-limiter";
import { PENDING_SIGN_IN_COOKIE } from "@/lib/auth/pending-sign-in";
import { findActiveSession } from "@/lib/auth/sessions";
import { config } from "@/lib/config";
import { db } from "@/lib/db";
import { enableTotp } from "@/lib/two-factor/enable-totp";
import { startDemoIdentityProvider } from "@/scripts/demo-identity-provider";
import { createTestUser, freshEmail } from "@/tests/support/create-test-user";
import { APP_ORIGIN, browser } from "@/tests/support/next-request";
import {
  arriveAtCallback,
  callAuthRoute,
  callbackFromProvider,
  extraHeaders,
  freshClientAddress,
  heldCookie,
  redirectedBy,
  throughProvider,
} from "@/tests/support/provider-flow";
import { form } from "@/tests/support/public-requests";
import { callAction, SESSION_COOKIE, signedInAs } from "@/tests/support/server-actions";
import {
  createPendingTotpSetup,
  createSignedInSession,
  latestOutboxMail,
  later,
  SECOND,
  TEST_CONTEXT,
  totpCodeAt,
} from "@/tests/support/two-factor-fixtures";

vi.mock("next/headers", () => import("@/tests/support/provider-flow").then((flow) => flow.nextHeaders));
vi.mock("next/cache", () => import("@/tests/support/next-request").then((request) => request.nextCache));
vi.mock("next/server", (original) => import("@/tests/support/next-request").then((request) => request.nextServer(original)));

const CALLBACK_URL = `${APP_ORIGIN}/api/auth/callback/oidc`;
const CLIENT_ID = "integration-tests";
const CLIENT_SECRET = randomBytes(24).toString("base64url");

// Started before any app module reads the configuration, which is cached at its first read (as is auth.ts's).
const provider = await startDemoIdentityProvider({
  port: 0,
  clientId: CLIENT_ID,
  clientSecret: CLIENT_SECRET,
  redirectUris: [CALLBACK_URL],
});
afterAll(() => provider.close());
Object.assign(process.env, {
  AUTH_OIDC_ISSUER: provider.issuer,
  AUTH_OIDC_ID: CLIENT_ID,
  AUTH_OIDC_SECRET: CLIENT_SECRET,
  AUTH_OIDC_NAME: "Demo SSO",
});
if (!config().identityProviders.some((offered) => offered.id === "oidc")) {
  throw new Error("The configuration was read before the provider's variables were set");
}

const { continueWithProviderAction, signUpWithProviderAction } = await import("@/app/(auth)/actions");
const { connectProviderAction, removeIdentityAction } = await import("@/app/customer-area/security/actions");
const { signOutAction } = await import("@/app/customer-area/actions");
const { POST: codeStep } = await import("@/app/(auth)/sign-in/verify/code/route");

const SIGN_UP_DETAILS = { accountName: "Provider Co", name: "Pia Provider", password: "a long enough password" };

/** `Continue with Demo SSO` on /sign-in, then the provider's pages as `email`, then the callback. */
function signInThroughProvider(email: string) {
  return throughProvider(continueWithProviderAction, form({ provider: "oidc" }), email);
}

/** `Continue with Demo SSO`, then the provider's pages as `email`: the callback URL, not yet visited. */
async function signInCallbackUrl(email: string) {
  return callbackFromProvider(await redirectedBy(continueWithProviderAction, form({ provider: "oidc" })), email);
}

/** `Connect` under Connected accounts with the password, then the provider's pages as `email`, then the callback. */
function connectThroughProvider(password: string, email: string) {
  return throughProvider(connectProviderAction, form({ provider: "oidc", password }), email);
}

/** A new person signs up through the provider as `email`; a fresh browser afterwards. */
async function signUpThroughProvider(email: string) {
  expect(await signInThroughProvider(email)).toMatchObject({ location: `${APP_ORIGIN}/sign-up/provider` });
  expect(await signUpWithProviderAction(null, form(SIGN_UP_DETAILS))).toMatchObject({ ok: true });
  const sessionToken = browser.cookies.get(SESSION_COOKIE)!;
  const session = await findActiveSession(sessionToken);
  if (!session) throw new Error("The provider's sign-up created no session");
  browser.cookies.clear();
  return { userId: session.userId, sessionId: session.id, email };
}

/** What a sign-in could create, for "nothing was created". */
async function createdRows() {
  const [users, accounts, sessions, identities] = await Promise.all([
    db.user.count(),
    db.account.count(),
    db.session.count(),
    db.connectedIdentity.count(),
  ]);
  return { users, accounts, sessions, identities };
}

function identitiesOf(userId: string) {
  return db.connectedIdentity.findMany({ where: { userId }, select: { provider: true, issuer: true, subject: true, email: true } });
}

/** The Auth.js failure page, or ours: /sign-in with an error, on the app's origin. */
function expectFailurePage(location: string | null, error?: string) {
  const url = new URL(location ?? "", "http://no-location.invalid");
  expect([url.origin, url.pathname], `went to ${location}`).toEqual([APP_ORIGIN, "/sign-in"]);
  if (error) expect(url.searchParams.get("error")).toBe(error);
  else expect(url.searchParams.get("error")).toBeTruthy();
}

/** Silences what auth.ts logs of Auth.js's failures, and gives it back as text, to name the failure a test expects. */
function authJsErrorLog(): () => string[] {
  const logged = vi.spyOn(console, "error").mockImplementation(() => {});
  logged.mockClear();
  onTestFinished(() => logged.mockRestore());
  return () => logged.mock.calls.map(([error]) => inspect(error, { depth: 4 }));
}

describe("sign-up through the provider creates nothing before the person's own form", () => {
  it("a new verified address lands on /sign-up/provider, then the account, owner, identity and a session exist", async () => {
    const email = freshEmail("sso-new");
    const before = await createdRows();

    expect(await signInThroughProvider(email)).toEqual({ status: 302, location: `${APP_ORIGIN}/sign-up/provider` });
    expect(await createdRows()).toEqual(before);
    expect(heldCookie(SESSION_COOKIE)).toBeUndefined();
    expect(heldCookie("provider_sign_up")).toBeDefined();

    expect(await signUpWithProviderAction(null, form(SIGN_UP_DETAILS))).toEqual({ ok: true, next: "/customer-area" });
    const owner = await db.user.findUniqueOrThrow({ where: { email }, include: { account: true } });
    expect(owner).toMatchObject({ name: SIGN_UP_DETAILS.name, role: "owner", account: { name: SIGN_UP_DETAILS.accountName } });
    const [identity, ...others] = await identitiesOf(owner.id);
    expect(others).toEqual([]);
    expect(identity).toMatchObject({ provider: "oidc", issuer: provider.issuer, email, subject: expect.stringMatching(/^demo-/) });
    expect(await createdRows()).toEqual({
      users: before.users + 1,
      accounts: before.accounts + 1,
      sessions: before.sessions + 1,
      identities: before.identities + 1,
    });
    expect(await findActiveSession(browser.cookies.get(SESSION_COOKIE) ?? "")).toMatchObject({ userId: owner.id });
    expect(heldCookie("provider_sign_up")).toBeUndefined();
    expect(await db.securityEvent.count({ where: { userId: owner.id, type: "identity_connected", provider: "oidc" } })).toBe(1);
  });
});

describe("the provider's sign-in asks the second factor, as the password does", () => {
  it("a user with TOTP lands on /sign-in/verify with no session; the code route completes it with one", async () => {
    const { userId, sessionId, email } = await signUpThroughProvider(freshEmail("sso-totp"));
    // Turned on as the Security page does: the pending setup, then the app's first code (90 s ago, so that the sign-in's code below is not a replay).
    const enabledAt = later(new Date(), -90 * SECOND);
    const totpSecret = await createPendingTotpSetup(userId, enabledAt);
    await enableTotp({ userId, sessionId, code: totpCodeAt(totpSecret, enabledAt), context: TEST_CONTEXT, now: enabledAt });
    const sessionsBefore = await db.session.count({ where: { userId } });

    expect(await signInThroughProvider(email)).toEqual({ status: 302, location: `${APP_ORIGIN}/sign-in/verify` });
    expect(await db.session.count({ where: { userId } })).toBe(sessionsBefore);
    expect(heldCookie(SESSION_COOKIE)).toBeUndefined();
    expect(heldCookie(PENDING_SIGN_IN_COOKIE)).toBeDefined();
    expect(await db.pendingSignIn.count({ where: { userId, consumedAt: null } })).toBe(1);

    const response = await codeStep(
      new Request(`${APP_ORIGIN}/sign-in/verify/code`, {
        method: "POST",
        body: new URLSearchParams({ method: "totp", code: totpCodeAt(totpSecret, new Date()) }),
        headers: { accept: "application/json" },
      }),
    );
    expect(await response.json()).toEqual({ ok: true, next: "/customer-area" });
    expect(await db.session.count({ where: { userId } })).toBe(sessionsBefore + 1);
    expect(await findActiveSession(browser.cookies.get(SESSION_COOKIE) ?? "")).toMatchObject({ userId });
  });
});

describe("Connect and Remove under Connected accounts", () => {
  it("connects with the password, signs that user in through the provider, and Remove ends it", async () => {
    const me = await createTestUser();
    const mySession = await createSignedInSession(me.user.id);
    signedInAs(mySession);
    const identityEmail = freshEmail("sso-connect");

    const refused = await callAction(connectProviderAction, form({ provider: "oidc", password: "not my password" }));
    expect(refused).toEqual({ result: expect.objectContaining({ ok: false, error: "The password is incorrect." }) });
    expect([...browser.cookies.keys()]).toEqual([SESSION_COOKIE]);

    const connected = await connectThroughProvider(me.password, identityEmail);
    expect(connected).toEqual({ status: 302, location: `${APP_ORIGIN}/customer-area/security?connected=oidc#connected-accounts` });
    expect(await identitiesOf(me.user.id)).toEqual([
      expect.objectContaining({ provider: "oidc", issuer: provider.issuer, email: identityEmail }),
    ]);
    expect(await db.securityEvent.count({ where: { userId: me.user.id, type: "identity_connected", provider: "oidc" } })).toBe(1);
    expect(await latestOutboxMail(me.email)).toMatchObject({ subject: "Demo SSO sign-in connected" });
    expect(browser.cookies.get(SESSION_COOKIE)).toBe(mySession.token);
    expect(await db.session.count({ where: { userId: me.user.id } })).toBe(1);

    browser.cookies.clear();
    expect(await signInThroughProvider(identityEmail)).toEqual({ status: 302, location: `${APP_ORIGIN}/customer-area` });
    expect(await findActiveSession(browser.cookies.get(SESSION_COOKIE) ?? "")).toMatchObject({ userId: me.user.id });

    const { id: identityId } = await db.connectedIdentity.findFirstOrThrow({ where: { userId: me.user.id } });
    expect(await removeIdentityAction(null, form({ identityId, password: me.password }))).toEqual({ ok: true, notificationSent: true });
    expect(await identitiesOf(me.user.id)).toEqual([]);
    expect(await db.securityEvent.count({ where: { userId: me.user.id, type: "identity_removed", provider: "oidc" } })).toBe(1);
    expect(await latestOutboxMail(me.email)).toMatchObject({ subject: "Demo SSO sign-in removed" });

    browser.cookies.clear();
    const sessionsBefore = await db.session.count({ where: { userId: me.user.id } });
    expect(await signInThroughProvider(identityEmail)).toEqual({ status: 302, location: `${APP_ORIGIN}/sign-up/provider` });
    expect(heldCookie(SESSION_COOKIE)).toBeUndefined();
    expect(await db.session.count({ where: { userId: me.user.id } })).toBe(sessionsBefore);
  });
});

describe("an identity is never linked to a user by its email address", () => {
  it("a verified address of an existing user leads to /sign-in?error=email-taken, links nothing, signs nobody in", async () => {
    const existing = await createTestUser();
    const before = await createdRows();
    const { location } = await signInThroughProvider(existing.email);
    expect(location).toBe(`${APP_ORIGIN}/sign-in?error=email-taken&provider=oidc`);
    expect(await createdRows()).toEqual(before);
    expect(heldCookie(SESSION_COOKIE)).toBeUndefined();
    expect(heldCookie("provider_sign_up")).toBeUndefined();
  });
});

describe("a callback that fails creates nothing", () => {
  it("a tampered state", async () => {
    const { email } = await signUpThroughProvider(freshEmail("sso-state"));
    const callbackUrl = new URL(await signInCallbackUrl(email));
    callbackUrl.searchParams.set("state", `${callbackUrl.searchParams.get("state")}x`);
    const before = await createdRows();
    const errors = authJsErrorLog();
    const { location } = await arriveAtCallback(callbackUrl.href);
    expectFailurePage(location);
    expect(errors()).toEqual([expect.stringMatching(/unexpected "state" response parameter value/)]);
    expect(await createdRows()).toEqual(before);
    expect(heldCookie(SESSION_COOKIE)).toBeUndefined();
  });

  it("a replayed callback, from the same browser or with the first request's cookies", async () => {
    const { userId, email } = await signUpThroughProvider(freshEmail("sso-replay"));
    const callbackUrl = await signInCallbackUrl(email);
    const cookiesAtCallback = new Map(browser.cookies);
    expect(await arriveAtCallback(callbackUrl)).toEqual({ status: 302, location: `${APP_ORIGIN}/customer-area` });
    const signedIn = browser.cookies.get(SESSION_COOKIE);
    const before = await createdRows();
    const errors = authJsErrorLog();

    expectFailurePage((await arriveAtCallback(callbackUrl)).location);
    expect(errors()).toEqual([expect.stringMatching(/state cookie was missing/)]);
    expect(browser.cookies.get(SESSION_COOKIE)).toBe(signedIn);

    // Someone who copied the whole first request: the provider has already redeemed its code.
    browser.cookies.clear();
    for (const [name, value] of cookiesAtCallback) browser.cookies.set(name, value);
    expectFailurePage((await arriveAtCallback(callbackUrl)).location);
    expect(errors()).toEqual([expect.stringMatching(/state cookie was missing/), expect.stringMatching(/error: 'invalid_grant'/)]);
    expect(heldCookie(SESSION_COOKIE)).toBeUndefined();
    expect(await createdRows()).toEqual(before);
    expect(await db.session.count({ where: { userId } })).toBe(2);
  });

  for (const [label, claims, failure] of [
    ["an ID token with the wrong nonce", { nonce: "x" }, /unexpected ID Token "nonce" claim value/],
    ["an ID token without the nonce", { nonce: undefined }, /"nonce\S* \(nonce\) claim missing/],
    ["an ID token from the wrong issuer", { iss: "http://evil.example" }, /unexpected JWT "iss" \(issuer\) claim value/],
  ] as const) {
    it(label, async () => {
      const { email } = await signUpThroughProvider(freshEmail("sso-token"));
      const before = await createdRows();
      const errors = authJsErrorLog();
      provider.tamperIdTokens(claims);
      try {
        expectFailurePage((await signInThroughProvider(email)).location);
      } finally {
        provider.tamperIdTokens(null);
      }
      expect(errors()).toEqual([expect.stringMatching(failure)]);
      expect(await createdRows()).toEqual(before);
      expect(heldCookie(SESSION_COOKIE)).toBeUndefined();
      expect(heldCookie("provider_sign_up")).toBeUndefined();
    });
  }

  it("an address the provider did not verify: sign-up refused with error=email-unverified", async () => {
    const before = await createdRows();
    const { location } = await signInThroughProvider(freshEmail("unverified-sso"));
    expect(location).toBe(`${APP_ORIGIN}/sign-in?error=email-unverified&provider=oidc`);
    expect(await createdRows()).toEqual(before);
    expect(heldCookie("provider_sign_up")).toBeUndefined();
    expect(heldCookie(SESSION_COOKIE)).toBeUndefined();
  });

  it("an identity connected to another user stays theirs: connect-failed=taken", async () => {
    const first = await signUpThroughProvider(freshEmail("sso-taken"));
    const second = await createTestUser();
    const secondSession = await createSignedInSession(second.user.id);
    signedInAs(secondSession);
    const identitiesBefore = await identitiesOf(first.userId);
    const before = await createdRows();

    const { location } = await connectThroughProvider(second.password, first.email);
    expect(location).toBe(`${APP_ORIGIN}/customer-area/security?connect-failed=taken&provider=oidc#connected-accounts`);
    expect(await identitiesOf(first.userId)).toEqual(identitiesBefore);
    expect(await identitiesOf(second.user.id)).toEqual([]);
    expect(await createdRows()).toEqual(before);
    expect(await db.securityEvent.count({ where: { userId: second.user.id, type: "identity_connected" } })).toBe(0);
    expect(browser.cookies.get(SESSION_COOKIE)).toBe(secondSession.token);
  });
});

describe("a connect is for the session that asked for it", () => {
  it("signed out between the start and the callback: connects nothing", async () => {
    const me = await createTestUser();
    signedInAs(await createSignedInSession(me.user.id));
    const authorizationUrl = await redirectedBy(connectProviderAction, form({ provider: "oidc", password: me.password }));
    expect(await callAction(signOutAction, form({}))).toEqual({ redirectedTo: "/sign-in?signed-out=1" });
    const before = await createdRows();

    const { location } = await arriveAtCallback(await callbackFromProvider(authorizationUrl, freshEmail("sso-ended")));
    expect(location).toBe(`${APP_ORIGIN}/sign-in?error=connect-ended&provider=oidc`);
    expect(await identitiesOf(me.user.id)).toEqual([]);
    expect(await createdRows()).toEqual(before);
  });

  it("signed out and in again, as another session of the same user: connects nothing", async () => {
    const me = await createTestUser();
    signedInAs(await createSignedInSession(me.user.id));
    const authorizationUrl = await redirectedBy(connectProviderAction, form({ provider: "oidc", password: me.password }));
    await callAction(signOutAction, form({}));
    signedInAs(await createSignedInSession(me.user.id));

    const { location } = await arriveAtCallback(await callbackFromProvider(authorizationUrl, freshEmail("sso-ended")));
    expect(location).toBe(`${APP_ORIGIN}/sign-in?error=connect-ended&provider=oidc`);
    expect(await identitiesOf(me.user.id)).toEqual([]);
  });
});

describe("a sign-in cancelled at the provider goes back where it started, naming the provider", () => {
  /** The provider's answer when the person chose Cancel there (RFC 6749 4.1.2.1), for the flow that `authorizationUrl` started. */
  function cancelledAt(authorizationUrl: string): string {
    const authorization = new URL(authorizationUrl);
    const answer = new URLSearchParams({ error: "access_denied", state: authorization.searchParams.get("state") ?? "" });
    return `${APP_ORIGIN}/api/auth/callback/oidc?${answer}`;
  }

  it("a Connect: back to Connected accounts with connect-failed=provider, nothing connected", async () => {
    const me = await createTestUser();
    signedInAs(await createSignedInSession(me.user.id));
    const authorizationUrl = await redirectedBy(connectProviderAction, form({ provider: "oidc", password: me.password }));
    const { location } = await arriveAtCallback(cancelledAt(authorizationUrl));
    expect(location).toBe(`${APP_ORIGIN}/customer-area/security?connect-failed=provider&provider=oidc#connected-accounts`);
    expect(await identitiesOf(me.user.id)).toEqual([]);
  });

  it("a sign-in: back to /sign-in, whose message names the provider", async () => {
    const authorizationUrl = await redirectedBy(continueWithProviderAction, form({ provider: "oidc" }));
    const { location } = await arriveAtCallback(cancelledAt(authorizationUrl));
    expect(new URL(location!, APP_ORIGIN).pathname).toBe("/sign-in");
    expect(new URL(location!, APP_ORIGIN).searchParams.get("provider")).toBe("oidc");
    expect(heldCookie(SESSION_COOKIE)).toBeUndefined();
  });
});

describe("a forged Host or X-Forwarded-Host never reaches a URL next-auth builds", () => {
  it("the redirect_uri sent to the provider and the callback's Location stay on APP_URL", async () => {
    for (const [name, value] of [["host", "evil.example"], ["x-forwarded-host", "evil.example"], ["x-forwarded-proto", "https"]]) {
      extraHeaders.set(name!, value!);
    }
    const authorizationUrl = await redirectedBy(continueWithProviderAction, form({ provider: "oidc" }));
    expect(new URL(authorizationUrl).origin).toBe(provider.issuer);
    expect(new URL(authorizationUrl).searchParams.get("redirect_uri")).toBe(CALLBACK_URL);

    const callbackUrl = await callbackFromProvider(authorizationUrl, freshEmail("sso-host"));
    // As Next.js would give it: the request's URL from the forged Host.
    const { location } = await arriveAtCallback(callbackUrl.replace(APP_ORIGIN, "https://evil.example"));
    expect(location).toBe(`${APP_ORIGIN}/sign-up/provider`);
  });
});

describe("a client's failed callbacks are counted, like failed passwords", () => {
  it(`after ${FREE_ATTEMPTS} failures even a valid callback is refused, its code unredeemed; another address is not held back`, async () => {
    const before = await createdRows();
    const errors = authJsErrorLog();
    for (let attempt = 0; attempt < FREE_ATTEMPTS; attempt += 1) {
      expectFailurePage((await arriveAtCallback(`${CALLBACK_URL}?code=forged-${attempt}&state=forged`)).location);
    }
    expect(errors()).toHaveLength(FREE_ATTEMPTS);
    const callbackUrl = await signInCallbackUrl(freshEmail("sso-throttled"));
    expect(await arriveAtCallback(callbackUrl)).toEqual({ status: 303, location: "/sign-in?error=throttled" });
    expect(errors()).toHaveLength(FREE_ATTEMPTS); // Auth.js never saw it
    expect(heldCookie("provider_sign_up")).toBeUndefined();

    // Codes are single-use: that the same callback still works shows the refused one never reached the token endpoint.
    extraHeaders.set("x-forwarded-for", freshClientAddress());
    expect(await arriveAtCallback(callbackUrl)).toEqual({ status: 302, location: `${APP_ORIGIN}/sign-up/provider` });
    expect(await createdRows()).toEqual(before);
  });
});

describe("Auth.js's own doors for the Credentials providers are shut", () => {
  it("a right email and password posted to /api/auth/callback/password (with a CSRF token) gets 404 and no session", async () => {
    const me = await createTestUser();
    const csrf = await callAuthRoute(`${APP_ORIGIN}/api/auth/csrf`);
    const { csrfToken } = (await csrf.json()) as { csrfToken: string };
    expect(browser.cookies.get("authjs.csrf-token")).toBeTruthy();

    for (const door of ["callback/password", "signin/password", "callback/sign-up", "callback/second-factor"]) {
      const response = await callAuthRoute(`${APP_ORIGIN}/api/auth/${door}`, {
        method: "POST",
        body: new URLSearchParams({ csrfToken, email: me.email, password: me.password, callbackUrl: "/customer-area" }),
        headers: { "content-type": "application/x-www-form-urlencoded" },
      });
      expect(response.status, door).toBe(404);
    }
    expect(await db.session.count({ where: { userId: me.user.id } })).toBe(0);
    expect(heldCookie(SESSION_COOKIE)).toBeUndefined();
  });
});
