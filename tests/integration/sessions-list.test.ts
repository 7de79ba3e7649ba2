import { describe, expect, it } from "vitest";
import { findActiveSession, LAST_USED_PRECISION_MS } from "@/lib/auth/sessions";
import { signOutSession } from "@/lib/auth/sign-out-session";
import { db } from "@/lib/db";
import { getSecurityPageData } from "@/lib/security/security-page-data";
import { createTestUser } from "@/tests/support/create-test-user";
import {
  createSignedInSession,
  createTrustedBrowser,
  expectAuthError,
  later,
  TEST_CONTEXT,
} from "@/tests/support/two-factor-fixtures";

const CHROME_ON_WINDOWS =
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";

/**
 * Counts, in the database itself, UPDATE statements sent to `sessions` and the
 * rows they wrote (a row written with the same time is still a write): what
 * the app sends, whatever the driver.
 */
async function countSessionTouches() {
  await db.$executeRawUnsafe(`CREATE TABLE IF NOT EXISTS touch_log (kind text NOT NULL)`);
  await db.$executeRawUnsafe(`
    CREATE OR REPLACE FUNCTION log_touch() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_LEVEL = 'STATEMENT' THEN
        INSERT INTO touch_log VALUES ('statement');
      ELSE
        INSERT INTO touch_log VALUES ('write');
      END IF;
      RETURN NULL;
    END $$`);
  await db.$executeRawUnsafe(`DROP TRIGGER IF EXISTS touch_rows ON sessions`);
  await db.$executeRawUnsafe(`DROP TRIGGER IF EXISTS touch_statements ON sessions`);
  await db.$executeRawUnsafe(`CREATE TRIGGER touch_rows AFTER UPDATE ON sessions FOR EACH ROW EXECUTE FUNCTION log_touch()`);
  await db.$executeRawUnsafe(`CREATE TRIGGER touch_statements AFTER UPDATE ON sessions FOR EACH STATEMENT EXECUTE FUNCTION log_touch()`);
  return async () => {
    const rows = await db.$queryRawUnsafe<{ kind: string }[]>(`DELETE FROM touch_log RETURNING kind`);
    return {
      statements: rows.filter((row) => row.kind === "statement").length,
      writes: rows.filter((row) => row.kind === "write").length,
    };
  };
}

describe('"last used" is not written more than once a minute, under 20 parallel requests', () => {
  it("20 parallel requests on a session last used 2 minutes ago write it once; within the minute nothing is sent", async () => {
    const { user } = await createTestUser();
    const session = await createSignedInSession(user.id);
    const start = new Date();
    await db.session.update({ where: { id: session.id }, data: { lastUsedAt: later(start, -2 * 60_000) } });
    const touches = await countSessionTouches();

    const burst = async (now: Date) => {
      const found = await Promise.all(Array.from({ length: 20 }, () => findActiveSession(session.token, now)));
      expect(found.every((each) => each?.id === session.id), "every request is signed in").toBe(true);
      return touches();
    };

    const first = await burst(start);
    expect(first.writes, "one write for 20 parallel requests").toBe(1);
    expect((await db.session.findUniqueOrThrow({ where: { id: session.id } })).lastUsedAt).toEqual(start);

    const withinTheMinute = await burst(later(start, LAST_USED_PRECISION_MS - 1000));
    expect(withinTheMinute, "a request within the minute sends no UPDATE at all").toEqual({ statements: 0, writes: 0 });

    const aMinuteLater = await burst(later(start, LAST_USED_PRECISION_MS + 1000));
    expect(aMinuteLater.writes).toBe(1);
  });
});

describe("an ended session's cookie is refused on the next request", () => {
  it("Sign out on another session deletes its row: its token finds no session any more, with an event", async () => {
    const { user } = await createTestUser();
    const current = await createSignedInSession(user.id);
    const laptop = await createSignedInSession(user.id);
    expect(await findActiveSession(laptop.token)).not.toBeNull();

    await signOutSession({ userId: user.id, sessionId: laptop.id, currentSessionId: current.id, context: TEST_CONTEXT });

    expect(await findActiveSession(laptop.token), "the ended session's cookie").toBeNull();
    expect(await findActiveSession(current.token)).not.toBeNull();
    expect(await db.securityEvent.findMany({ where: { userId: user.id }, select: { type: true } })).toEqual([
      { type: "session_signed_out" },
    ]);
  });
});

describe("a user cannot end another user's session by id, nor their own current one from the list", () => {
  it("another user's session id fails as 'already ended' and the session lives on", async () => {
    const me = await createTestUser();
    const victim = await createTestUser();
    const mine = await createSignedInSession(me.user.id);
    const theirs = await createSignedInSession(victim.user.id);

    await expectAuthError(
      signOutSession({ userId: me.user.id, sessionId: theirs.id, currentSessionId: mine.id, context: TEST_CONTEXT }),
      "SESSION_ENDED",
    );

    expect(await findActiveSession(theirs.token)).not.toBeNull();
    expect(await db.securityEvent.count({ where: { userId: { in: [me.user.id, victim.user.id] } } })).toBe(0);
  });

  it("the asking session's own id is refused (the user menu signs it out)", async () => {
    const { user } = await createTestUser();
    const current = await createSignedInSession(user.id);
    await expectAuthError(
      signOutSession({ userId: user.id, sessionId: current.id, currentSessionId: current.id, context: TEST_CONTEXT }),
      "SESSION_ENDED",
    );
    expect(await findActiveSession(current.token)).not.toBeNull();
  });
});

describe("Security and access lists the user's own live sessions and trusted browsers", () => {
  it("this browser first, named by its user agent, without expired ones or anyone else's", async () => {
    const { user } = await createTestUser();
    const current = await createSignedInSession(user.id);
    const other = await createSignedInSession(user.id);
    await db.session.update({ where: { id: other.id }, data: { userAgent: CHROME_ON_WINDOWS, ipAddress: "198.51.100.7" } });
    await createSignedInSession(user.id, later(new Date(), -1000));
    const stranger = await createTestUser();
    await createSignedInSession(stranger.user.id);
    const thisBrowser = await createTrustedBrowser(user.id);
    const expired = await createTrustedBrowser(user.id, later(new Date(), -31 * 24 * 60 * 60 * 1000));
    await createTrustedBrowser(stranger.user.id);

    const data = await getSecurityPageData(user.id, { currentSessionId: current.id, trustedBrowserToken: thisBrowser.token });

    expect(data.sessions.map(({ id, current: isCurrent }) => ({ id, isCurrent }))).toEqual([
      { id: current.id, isCurrent: true },
      { id: other.id, isCurrent: false },
    ]);
    expect(data.sessions[1]).toMatchObject({ browser: "Chrome on Windows", ipAddress: "198.51.100.7" });
    expect(data.sessionCount).toBe(2);
    expect(data.trustedBrowsers.map(({ id, current: isCurrent }) => ({ id, isCurrent }))).toEqual([
      { id: thisBrowser.id, isCurrent: true },
    ]);
    expect(data.trustedBrowsers.map((browser) => browser.id)).not.toContain(expired.id);
    expect(JSON.stringify(data), "no token or hash reaches the page").not.toMatch(/tokenHash|token_hash/);
  });
});
