import { describe, expect, it } from "vitest";
import { recordSignIn } from "@/lib/auth/sessions";
import { db } from "@/lib/db";
import { getUsersPageData } from "@/lib/users/users-page-data";
import { createTestUser } from "@/tests/support/create-test-user";
import { createSignedInSession, createTwoFactorUser, TEST_CONTEXT } from "@/tests/support/two-factor-fixtures";

/** A member of the owner's account, written as addUser and the invitation link would leave them, with methods. */
async function addMember(accountId: string, methods: ("totp" | "email")[] = [], password: string | null = "member-password-123") {
  const created = await createTwoFactorUser({ role: "member", methods, password });
  await db.user.update({ where: { id: created.user.id }, data: { accountId } });
  await db.account.delete({ where: { id: created.account.id } });
  return created;
}

describe("Users: each user's two-factor authentication and last sign-in, for the owner's own account only", () => {
  it("lists every user of the account with their methods in the registry's order, 'Off' as none, and never a secret", async () => {
    const owner = await createTwoFactorUser({ role: "owner", methods: ["email", "totp"], primary: "email" });
    const withApp = await addMember(owner.account.id, ["totp"]);
    const invited = await addMember(owner.account.id, [], null);
    const stranger = await createTwoFactorUser({ role: "owner", methods: ["totp"] });

    const rows = await getUsersPageData(owner.account.id);

    expect(rows.map((row) => [row.email, row.role, row.status, row.methods])).toEqual([
      [owner.email, "owner", "active", ["totp", "email"]],
      [withApp.email, "member", "active", ["totp"]],
      [invited.email, "member", "invited", []],
    ]);
    expect(rows.map((row) => row.id)).not.toContain(stranger.user.id);
    const serialized = JSON.stringify(rows);
    for (const secret of ["totpSecret", "passwordHash", owner.totpSecret, withApp.totpSecret]) {
      expect(serialized).not.toContain(secret);
    }
  });

  it("the filter 'without-2fa' keeps only the users with no method", async () => {
    const owner = await createTwoFactorUser({ role: "owner", methods: ["totp"] });
    const without = await addMember(owner.account.id);
    await addMember(owner.account.id, ["email"]);

    const rows = await getUsersPageData(owner.account.id, "without-2fa");

    expect(rows.map((row) => row.email)).toEqual([without.email]);
  });

  it("last sign-in is the newest completed sign-in of any kind or session start; a failed one does not count", async () => {
    const { account, user } = await createTestUser({ role: "owner" });
    expect((await getUsersPageData(account.id))[0]!.lastSignInAt).toBeNull();

    await recordSignIn({ userId: user.id, context: TEST_CONTEXT, event: { type: "sign_in_trusted_browser" }, clearsCounter: "none" });
    const signedIn = await db.securityEvent.findFirstOrThrow({ where: { userId: user.id } });
    await db.securityEvent.create({ data: { userId: user.id, type: "sign_in_failed", createdAt: new Date(Date.now() + 60_000) } });

    expect((await getUsersPageData(account.id))[0]!.lastSignInAt).toEqual(signedIn.createdAt);

    const signedUp = await createSignedInSession(user.id);
    expect((await getUsersPageData(account.id))[0]!.lastSignInAt).toEqual(signedUp.createdAt);
  });
});
