/**
 * No timing oracle at the password step: an address with a user and one
 * without do the same work before the answer. Both run one statement and one
 * argon2id check (against a dummy hash without a user); the audit row of a
 * known user's wrong password is written only after the answer has gone out.
 * Asserted on the work itself, not on a clock: timings are the bench's.
 */
import { describe, expect, it, vi } from "vitest";

vi.mock("next/headers", () => import("@/tests/support/next-request").then((request) => request.nextHeaders));
vi.mock("next/cache", () => import("@/tests/support/next-request").then((request) => request.nextCache));
vi.mock("next/server", (original) => import("@/tests/support/next-request").then((request) => request.nextServer(original)));

const { db } = await import("@/lib/db");
const { browser, runDeferred } = await import("@/tests/support/next-request");
const { createTestUser } = await import("@/tests/support/create-test-user");
const { POST: passwordStep } = await import("@/app/(auth)/sign-in/password/route");

function wrongPassword(email: string) {
  return passwordStep(
    new Request("http://localhost:3000/sign-in/password", {
      method: "POST",
      headers: { origin: "http://localhost:3000", accept: "application/json", "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ email, password: "not-the-password" }),
    }),
  );
}

describe("a wrong password tells nobody whether the address has a user", () => {
  it("before the answer, a known address writes nothing an unknown one does not; its audit row follows the answer", async () => {
    const { user, email } = await createTestUser();
    const unknown = await (await wrongPassword("nobody-here@example.test")).json();
    const known = await (await wrongPassword(email)).json();
    expect(known).toEqual({ ...unknown, values: { email } });
    expect(await db.securityEvent.count({ where: { userId: user.id } })).toBe(0);
    expect(browser.deferred).toHaveLength(1);

    await runDeferred();
    expect(await db.securityEvent.findMany({ where: { userId: user.id }, select: { type: true, count: true } })).toEqual([
      { type: "sign_in_failed", count: 1 },
    ]);
  });
});
