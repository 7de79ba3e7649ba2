/**
 * Sign-up without account enumeration: the first step takes only the address
 * and answers the same for every address; the account is created only from
 * the mailed link, and an address with a user gets a mail, not a new account.
 */
import { describe, expect, it, vi } from "vitest";
import { MAILS_PER_ADDRESS } from "@/lib/auth/claim-address-mail";
import { findActiveSession } from "@/lib/auth/sessions";
import { signUp } from "@/lib/auth/sign-up";
import { startSignUp } from "@/lib/auth/start-sign-up";
import { db } from "@/lib/db";
import { runDeferred } from "@/tests/support/next-request";
import { createTestUser } from "@/tests/support/create-test-user";
import { useSmtpSink } from "@/tests/support/mail";
import { form, freshClient } from "@/tests/support/public-requests";
import { expectAuthError, later, TEST_CONTEXT } from "@/tests/support/two-factor-fixtures";

vi.mock("next/headers", () => import("@/tests/support/next-request").then((request) => request.nextHeaders));
vi.mock("next/cache", () => import("@/tests/support/next-request").then((request) => request.nextCache));
vi.mock("next/server", (original) => import("@/tests/support/next-request").then((request) => request.nextServer(original)));

const sink = useSmtpSink();

function tokenInMail(text: string): string {
  const token = /\/sign-up\?token=([A-Za-z0-9_-]+)/.exec(text)?.[1];
  if (!token) throw new Error("No sign-up link in the mail");
  return token;
}

async function mailedSignUpToken(email: string, now = new Date()): Promise<string> {
  const { deliver } = await startSignUp({ email, context: freshClient(), now });
  await deliver();
  return tokenInMail((await sink().waitForMail(email)).text);
}

const DETAILS = { accountName: "Newco", name: "Nia New", password: "a long enough password" };

describe("sign-up tells nobody which addresses have a user", () => {
  it("answers an existing address exactly like a new one, creates nothing for it and mails it a way to sign in", async () => {
    const { startSignUpAction } = await import("@/app/(auth)/actions");
    const { email } = await createTestUser();
    const fresh = `new-${Date.now()}@example.test`;
    const accountsBefore = await db.account.count();

    const taken = await startSignUpAction(null, form({ email }));
    const free = await startSignUpAction(null, form({ email: fresh }));
    expect({ ...taken, email: "typed" }).toEqual({ ...free, email: "typed" });
    expect(taken).toEqual({ ok: true, email });
    // Nothing about either address is looked up before the answer goes out.
    expect(await db.signUpLink.count()).toBe(0);

    await runDeferred();
    expect(await db.account.count()).toBe(accountsBefore);
    expect(await db.signUpLink.count({ where: { email } })).toBe(0);
    expect(await db.signUpLink.count({ where: { email: fresh } })).toBe(1);

    const toExisting = await sink().waitForMail(email);
    expect(toExisting.subject).toBe("You already have a customer area user");
    expect(toExisting.text).toContain("/forgot-password");
    expect(toExisting.text).not.toContain("/sign-up?token=");
    expect((await sink().waitForMail(fresh)).subject).toBe("Finish creating your account");
  });

  it("throttles per address, alike for an address with a user and one without", async () => {
    const { email } = await createTestUser();
    for (const address of [email, `nobody-${Date.now()}@example.test`]) {
      for (let i = 0; i < MAILS_PER_ADDRESS.limit; i++) await startSignUp({ email: address, context: freshClient() });
      await expectAuthError(startSignUp({ email: address, context: freshClient() }), "MAILS_LIMITED");
    }
  });
});

describe("the account is created only from the mailed link", () => {
  it("creates the account and its owner with the link's address and a session, once", async () => {
    const email = `owner-${Date.now()}@example.test`;
    const token = await mailedSignUpToken(email);
    expect(await db.user.count({ where: { email } })).toBe(0);

    const { userId, sessionToken } = await signUp({ token, ...DETAILS }, TEST_CONTEXT);
    const owner = await db.user.findUniqueOrThrow({ where: { id: userId }, include: { account: true } });
    expect(owner).toMatchObject({ email, name: "Nia New", role: "owner", account: { name: "Newco" } });
    expect(await findActiveSession(sessionToken)).not.toBeNull();

    await expectAuthError(signUp({ token, ...DETAILS }, TEST_CONTEXT), "SIGN_UP_LINK_INVALID");
    expect(await db.user.count({ where: { email } })).toBe(1);
  });

  it("lets only one of two links for the same address create an account, even in parallel", async () => {
    const email = `twice-${Date.now()}@example.test`;
    const first = await mailedSignUpToken(email);
    sink().clear();
    const second = await mailedSignUpToken(email);
    const results = await Promise.allSettled([
      signUp({ token: first, ...DETAILS }, TEST_CONTEXT),
      signUp({ token: second, ...DETAILS }, TEST_CONTEXT),
    ]);
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
    expect(await db.user.count({ where: { email } })).toBe(1);
    expect(await db.account.count({ where: { name: "Newco", users: { some: { email } } } })).toBe(1);
  });

  it("refuses a link that expired, or that is not one we sent", async () => {
    const email = `late-${Date.now()}@example.test`;
    const sentAt = new Date();
    const token = await mailedSignUpToken(email, sentAt);
    await expectAuthError(signUp({ token, ...DETAILS }, TEST_CONTEXT, later(sentAt, 24 * 60 * 60 * 1000 + 1000)), "SIGN_UP_LINK_INVALID");
    await expectAuthError(signUp({ token: "forged", ...DETAILS }, TEST_CONTEXT), "SIGN_UP_LINK_INVALID");
    expect(await db.user.count({ where: { email } })).toBe(0);
  });
});
