import { beforeEach, describe, expect, it, vi } from "vitest";
import { changePassword } from "@/lib/auth/change-password";
import { completeSignInWithCode } from "@/lib/auth/complete-sign-in-with-code";
import { findActiveSession } from "@/lib/auth/sessions";
import { signInWithPassword } from "@/lib/auth/sign-in-with-password";
import { signOutOtherSessions } from "@/lib/auth/sign-out-other-sessions";
import { db } from "@/lib/db";
import { createTestUser } from "@/tests/support/create-test-user";
import {
  createSignedInSession,
  createTwoFactorUser,
  expectAuthError,
  expectTwoFactorError,
  midStep,
  TEST_CONTEXT,
  totpCodeAt,
} from "@/tests/support/two-factor-fixtures";

beforeEach(() => {
  vi.spyOn(console, "info").mockImplementation(() => {});
});

/** A user signed in on three browsers, and a bystander signed in on one. */
async function signedInOnThreeBrowsers() {
  const me = await createTestUser();
  const current = await createSignedInSession(me.user.id);
  const laptop = await createSignedInSession(me.user.id);
  const phone = await createSignedInSession(me.user.id);
  const bystander = await createTestUser();
  const bystanderSession = await createSignedInSession(bystander.user.id);
  return { me, current, others: [laptop, phone], bystanderSession };
}

async function isActive(session: { token: string }): Promise<boolean> {
  return (await findActiveSession(session.token)) !== null;
}

describe("changing the password signs out the user's other sessions", () => {
  it("deletes the other sessions, keeps the current one and leaves other users' sessions alone", async () => {
    const { me, current, others, bystanderSession } = await signedInOnThreeBrowsers();

    const result = await changePassword({ userId: me.user.id, currentSessionId: current.id, currentPassword: me.password!, newPassword: "a-new-password-1", context: TEST_CONTEXT });

    expect(result).toEqual({ otherSessionsSignedOut: 2, trustedBrowsersRemoved: 0 });
    expect(await isActive(current)).toBe(true);
    for (const other of others) expect(await isActive(other)).toBe(false);
    expect(await db.session.count({ where: { userId: me.user.id } })).toBe(1);
    expect(await isActive(bystanderSession)).toBe(true);
    expect(await db.securityEvent.count({ where: { userId: me.user.id, type: "password_changed" } })).toBe(1);
  });

  it("the old password stops working and the new one works", async () => {
    const { me, current } = await signedInOnThreeBrowsers();
    await changePassword({ userId: me.user.id, currentSessionId: current.id, currentPassword: me.password!, newPassword: "a-new-password-2", context: TEST_CONTEXT });

    await expectAuthError(signInWithPassword(me.email, me.password!, TEST_CONTEXT), "INVALID_CREDENTIALS");
    expect((await signInWithPassword(me.email, "a-new-password-2", TEST_CONTEXT)).kind).toBe("signed-in");
  });

  it("with the wrong current password nothing changes and no session ends", async () => {
    const { me, current, others } = await signedInOnThreeBrowsers();
    await expectAuthError(changePassword({ userId: me.user.id, currentSessionId: current.id, currentPassword: "wrong", newPassword: "a-new-password-3", context: TEST_CONTEXT }), "WRONG_PASSWORD");
    expect(await db.session.count({ where: { userId: me.user.id } })).toBe(1 + others.length);
    expect((await db.user.findUniqueOrThrow({ where: { id: me.user.id } })).passwordHash).toBe(me.user.passwordHash);
  });
});

describe("sign out other sessions", () => {
  it("deletes the user's other sessions, keeps the current one and other users' sessions, and records it", async () => {
    const { me, current, others, bystanderSession } = await signedInOnThreeBrowsers();

    expect(await signOutOtherSessions(me.user.id, current.id, TEST_CONTEXT)).toBe(2);

    expect(await isActive(current)).toBe(true);
    for (const other of others) expect(await isActive(other)).toBe(false);
    expect(await isActive(bystanderSession)).toBe(true);
    expect(await db.securityEvent.count({ where: { userId: me.user.id, type: "other_sessions_signed_out" } })).toBe(1);
  });
});

describe("changing the password ends sign-ins under way", () => {
  it("a pending sign-in started with the old password can no longer be completed", async () => {
    const me = await createTwoFactorUser({ methods: ["totp"] });
    const started = await signInWithPassword(me.email, me.password!, TEST_CONTEXT);
    if (started.kind !== "second-factor-required") throw new Error("expected a pending sign-in");
    const current = await createSignedInSession(me.user.id);

    await changePassword({ userId: me.user.id, currentSessionId: current.id, currentPassword: me.password, newPassword: "a-new-password-4", context: TEST_CONTEXT });

    const now = midStep();
    await expectTwoFactorError(
      completeSignInWithCode({ pendingSignInToken: started.pendingSignInToken, method: "totp", code: totpCodeAt(me.totpSecret, now), context: TEST_CONTEXT, now }),
      "SIGN_IN_EXPIRED",
    );
    expect(await db.session.count({ where: { userId: me.user.id } })).toBe(1);
  });
});
