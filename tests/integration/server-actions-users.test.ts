/**
 * Users through the real server actions and page: members are kept out, owners act on their own account only.
 * The request is simulated by tests/support/next-request.ts.
 */
import { describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db";
import "@/tests/support/next-request";
import { createTestUser } from "@/tests/support/create-test-user";
import { form } from "@/tests/support/public-requests";
import { databaseState, signedInAs } from "@/tests/support/server-actions";
import { createSignedInSession, createTwoFactorUser, methodsOf } from "@/tests/support/two-factor-fixtures";

vi.mock("next/headers", () => import("@/tests/support/next-request").then((request) => request.nextHeaders));
vi.mock("next/cache", () => import("@/tests/support/next-request").then((request) => request.nextCache));
vi.mock("next/server", (original) => import("@/tests/support/next-request").then((request) => request.nextServer(original)));

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
