import { describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db";
import { enableTotp } from "@/lib/two-factor/enable-totp";
import { timeStep, totpCodeForStep } from "@/lib/two-factor/totp";
import { createTestUser } from "@/tests/support/create-test-user";
import { createPendingTotpSetup, createSignedInSession } from "@/tests/support/two-factor-fixtures";

vi.mock("@/lib/mail/send-mail", async (importOriginal) => {
  const original = await importOriginal<typeof import("@/lib/mail/send-mail")>();
  return {
    ...original,
    sendMail: vi.fn(async () => {
      throw new original.MailDeliveryError("timeout", "The mail server did not answer in time");
    }),
  };
});

describe("the notification mail cannot undo an activation", () => {
  it("keeps the method active and reports notificationSent: false when the mail fails", async () => {
    const { user } = await createTestUser();
    const now = new Date();
    const secret = await createPendingTotpSetup(user.id, now);
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});

    const { id: sessionId } = await createSignedInSession(user.id);
    const result = await enableTotp({
      userId: user.id,
      sessionId,
      code: totpCodeForStep(secret, timeStep(now)),
      context: { ipAddress: null, userAgent: null },
      now,
    });

    expect(result).toEqual({ becamePrimary: true, notificationSent: false, recoveryCodes: expect.any(Array) });
    expect(await db.twoFactorMethod.count({ where: { userId: user.id, type: "totp" } })).toBe(1);
    expect(await db.securityEvent.count({ where: { userId: user.id, type: "two_factor_enabled", method: "totp" } })).toBe(1);
    expect(errors.mock.calls.flat().join(" ")).not.toContain(secret);
  });
});
