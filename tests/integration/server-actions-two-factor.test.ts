/**
 * Two-factor authentication through the real server actions: a forged form reaches only the signed-in user's methods and codes, and an account that requires it holds a user without it to the setup.
 * The request is simulated by tests/support/next-request.ts.
 */
import { describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db";
import "@/tests/support/next-request";
import { createTestUser } from "@/tests/support/create-test-user";
import { form } from "@/tests/support/public-requests";
import { allCustomerAreaActions, callAction, databaseState, hostileForm, pageModules, redirectTarget, securityActions, signedInAs } from "@/tests/support/server-actions";
import { createSignedInSession, createTwoFactorUser, giveRecoveryCodes, later, methodsOf } from "@/tests/support/two-factor-fixtures";

vi.mock("next/headers", () => import("@/tests/support/next-request").then((request) => request.nextHeaders));
vi.mock("next/cache", () => import("@/tests/support/next-request").then((request) => request.nextCache));
vi.mock("next/server", (original) => import("@/tests/support/next-request").then((request) => request.nextServer(original)));

describe("every server action acts only on the signed-in user; a client-sent user id is ignored", () => {
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
