import { afterEach, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db";
import { deactivateMethod } from "@/lib/two-factor/deactivate-method";
import { enableTotp } from "@/lib/two-factor/enable-totp";
import { grantPasswordConfirmation } from "@/lib/two-factor/password-grant";
import { setPrimaryMethod } from "@/lib/two-factor/set-primary-method";
import { startTotpSetup } from "@/lib/two-factor/start-totp-setup";
import { timeStep, totpCodeForStep } from "@/lib/two-factor/totp";
import { createTestUser } from "@/tests/support/create-test-user";
import {
  createSignedInSession,
  createSignedInTwoFactorUser,
  methodsOf,
  midStep,
  TEST_CONTEXT,
} from "@/tests/support/two-factor-fixtures";

/**
 * SPEC §5: "Mail or database failure fails closed ... no half-enabled method,
 * nothing lost (each change and its audit row in one transaction)". A trigger
 * makes the database refuse every new audit row, the way a full disk or a lost
 * connection would fail the last write of a change.
 */
async function breakAuditTrail(): Promise<void> {
  await db.$executeRawUnsafe(`
    CREATE OR REPLACE FUNCTION refuse_security_event() RETURNS trigger AS $$
    BEGIN RAISE EXCEPTION 'simulated database failure'; END; $$ LANGUAGE plpgsql`);
  await db.$executeRawUnsafe(`
    CREATE TRIGGER refuse_security_event BEFORE INSERT ON security_events
    FOR EACH ROW EXECUTE FUNCTION refuse_security_event()`);
}

async function repairAuditTrail(): Promise<void> {
  await db.$executeRawUnsafe(`DROP TRIGGER IF EXISTS refuse_security_event ON security_events`);
}

afterEach(async () => {
  await repairAuditTrail();
  vi.restoreAllMocks();
});

describe("a database failure fails closed: a change and its audit row are written together or not at all", () => {
  it("turning on the authentication app: no half-enabled method, and the setup can be finished once the database is back", async () => {
    vi.spyOn(console, "info").mockImplementation(() => {});
    const { user, password } = await createTestUser();
    const session = await createSignedInSession(user.id);
    const now = midStep();
    await grantPasswordConfirmation({ userId: user.id, sessionId: session.id, method: "totp", password: password!, context: TEST_CONTEXT, now });
    const setup = await startTotpSetup({ userId: user.id, sessionId: session.id, email: user.email, now });
    const secret = setup.manualKey.replace(/\s/g, "");

    await breakAuditTrail();
    await expect(enableTotp({ userId: user.id, sessionId: session.id, code: totpCodeForStep(secret, timeStep(now)), context: TEST_CONTEXT, now })).rejects.toThrow(/simulated database failure/);
    expect(await methodsOf(user.id)).toEqual({ primary: null, types: [] });
    expect(await db.pendingTotpSetup.count({ where: { userId: user.id } })).toBe(1);

    await repairAuditTrail();
    await enableTotp({ userId: user.id, sessionId: session.id, code: totpCodeForStep(secret, timeStep(now) + 1), context: TEST_CONTEXT, now });
    expect(await methodsOf(user.id)).toEqual({ primary: "totp", types: ["totp"] });
    expect(await db.securityEvent.count({ where: { userId: user.id, type: "two_factor_enabled", method: "totp" } })).toBe(1);
  });

  it("deactivating a method and changing the primary: nothing changes when the audit row cannot be written", async () => {
    const user = await createSignedInTwoFactorUser({ methods: ["totp", "email"], primary: "totp" });

    await breakAuditTrail();
    await expect(deactivateMethod({ userId: user.user.id, sessionId: user.sessionId, method: "totp", password: user.password, context: TEST_CONTEXT })).rejects.toThrow(/simulated database failure/);
    await expect(setPrimaryMethod({ userId: user.user.id, sessionId: user.sessionId, method: "email", context: TEST_CONTEXT })).rejects.toThrow(/simulated database failure/);

    expect(await methodsOf(user.user.id)).toEqual({ primary: "totp", types: ["email", "totp"] });
  });
});
