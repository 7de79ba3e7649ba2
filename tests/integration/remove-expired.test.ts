import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { removeExpired } from "@/lib/maintenance/remove-expired";
import { createTestUser } from "@/tests/support/create-test-user";
import { createSignedInSession, later } from "@/tests/support/two-factor-fixtures";

const DAY = 24 * 60 * 60 * 1000;

describe("nothing grows without bound: expired rows are deleted, live ones stay", () => {
  it("removes what can no longer be used and keeps what still can", async () => {
    const now = new Date();
    const { user } = await createTestUser();
    const live = await createSignedInSession(user.id, later(now, 60_000));
    const dead = await createSignedInSession(user.id, later(now, -1));
    const base = { userId: user.id, tokenHash: "" };
    await db.pendingSignIn.createMany({
      data: [
        { ...base, tokenHash: "live", expiresAt: later(now, 60_000) },
        { ...base, tokenHash: "old", expiresAt: later(now, -2 * DAY) },
      ],
    });
    await db.emailCode.createMany({
      data: [
        { userId: user.id, purpose: "sign_in", codeHash: "live", expiresAt: later(now, 60_000) },
        { userId: user.id, purpose: "sign_in", codeHash: "old", expiresAt: later(now, -2 * DAY) },
      ],
    });
    await db.attemptCounter.createMany({
      data: [
        { key: "password:email:unknown-address-tried-once:ip:x", attempts: 1, updatedAt: later(now, -2 * DAY) },
        { key: "password:still-blocked", attempts: 9, updatedAt: later(now, -2 * DAY), blockedUntil: later(now, 60_000) },
        { key: "password:recent", attempts: 2, updatedAt: now },
      ],
    });
    await db.rateLimit.createMany({
      data: [
        { key: "code-mail:old", windowStart: later(now, -2 * DAY), uses: 1 },
        { key: "code-mail:now", windowStart: now, uses: 1 },
      ],
    });
    await db.trustedBrowser.createMany({
      data: [
        { userId: user.id, tokenHash: "trusted-live", expiresAt: later(now, 60_000) },
        { userId: user.id, tokenHash: "trusted-expired", expiresAt: later(now, -1) },
      ],
    });
    await db.securityEvent.createMany({
      data: [
        { userId: user.id, type: "sign_in", createdAt: later(now, -366 * DAY) },
        { userId: user.id, type: "sign_in", createdAt: later(now, -364 * DAY) },
      ],
    });

    const removed = await removeExpired(now);

    expect(removed).toMatchObject({ sessions: 1, trustedBrowsers: 1, pendingSignIns: 1, emailCodes: 1, attemptCounters: 1, rateLimits: 1, securityEvents: 1 });
    expect((await db.session.findMany({ select: { id: true } })).map(({ id }) => id)).toEqual([live.id]);
    expect(dead.id).not.toBe(live.id);
    expect((await db.pendingSignIn.findMany()).map((row) => row.tokenHash)).toEqual(["live"]);
    expect((await db.trustedBrowser.findMany()).map((row) => row.tokenHash)).toEqual(["trusted-live"]);
    expect((await db.emailCode.findMany()).map((row) => row.codeHash)).toEqual(["live"]);
    expect((await db.attemptCounter.findMany({ orderBy: { key: "asc" } })).map((row) => row.key)).toEqual([
      "password:recent",
      "password:still-blocked",
    ]);
    expect((await db.rateLimit.findMany()).map((row) => row.key)).toEqual(["code-mail:now"]);
    expect(await db.securityEvent.count()).toBe(1);
  });
});
