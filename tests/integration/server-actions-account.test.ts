/**
 * Account details through the real server actions: the password changes only for the signed-in user.
 * The request is simulated by tests/support/next-request.ts.
 */
import { describe, expect, it, vi } from "vitest";
import { verifyPassword } from "@/lib/auth/password";
import { db } from "@/lib/db";
import "@/tests/support/next-request";
import { createTestUser } from "@/tests/support/create-test-user";
import { form } from "@/tests/support/public-requests";
import { securityActions, signedInAs } from "@/tests/support/server-actions";
import { createSignedInSession } from "@/tests/support/two-factor-fixtures";

vi.mock("next/headers", () => import("@/tests/support/next-request").then((request) => request.nextHeaders));
vi.mock("next/cache", () => import("@/tests/support/next-request").then((request) => request.nextCache));
vi.mock("next/server", (original) => import("@/tests/support/next-request").then((request) => request.nextServer(original)));

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
});
