/**
 * Sessions and trusted browsers through the real server actions: a forged form ends only the signed-in user's.
 * The request is simulated by tests/support/next-request.ts.
 */
import { describe, expect, it, vi } from "vitest";
import { findActiveSession } from "@/lib/auth/sessions";
import { signInWithPassword } from "@/lib/auth/sign-in-with-password";
import { db } from "@/lib/db";
import { SIGNED_OUT_REDIRECT } from "@/lib/server-action";
import "@/tests/support/next-request";
import { createTestUser } from "@/tests/support/create-test-user";
import { form } from "@/tests/support/public-requests";
import { callAction, databaseState, redirectTarget, securityActions, signedInAs } from "@/tests/support/server-actions";
import { createSignedInSession, createTrustedBrowser, createTwoFactorUser, TEST_CONTEXT } from "@/tests/support/two-factor-fixtures";

vi.mock("next/headers", () => import("@/tests/support/next-request").then((request) => request.nextHeaders));
vi.mock("next/cache", () => import("@/tests/support/next-request").then((request) => request.nextCache));
vi.mock("next/server", (original) => import("@/tests/support/next-request").then((request) => request.nextServer(original)));

describe("every server action acts only on the signed-in user; a client-sent user id is ignored", () => {
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
