import { beforeEach, describe, expect, it, vi } from "vitest";
import { completeSignInWithSecurityKey } from "@/lib/auth/complete-sign-in-with-security-key";
import { db } from "@/lib/db";
import { getVerifyPageData } from "@/lib/auth/verify-page-data";
import { removeExpired } from "@/lib/maintenance/remove-expired";
import { getSecurityPageData } from "@/lib/security/security-page-data";
import { resetTwoFactor } from "@/lib/users/reset-two-factor";
import { getUsersPageData } from "@/lib/users/users-page-data";
import { addSecurityKey } from "@/lib/two-factor/add-security-key";
import { deactivateMethod } from "@/lib/two-factor/deactivate-method";
import { removeSecurityKey, renameSecurityKey } from "@/lib/two-factor/security-keys";
import { startSecurityKeySetup } from "@/lib/two-factor/start-security-key-setup";
import { relyingParty } from "@/lib/two-factor/webauthn-relying-party";
import { createTestUser } from "@/tests/support/create-test-user";
import { SoftwareAuthenticator } from "@/tests/support/software-authenticator";
import {
  addSoftwareKey,
  createSignedInKeyUser,
  createSignedInSession,
  createSignedInTwoFactorUser,
  expectAuthError,
  expectTwoFactorError,
  later,
  latestOutboxMail,
  methodsOf,
  pendingSignInFor,
  SECOND,
  sessionCount,
  startKeySetup,
  startKeySignIn,
  TEST_CONTEXT,
} from "@/tests/support/two-factor-fixtures";

beforeEach(() => {
  vi.spyOn(console, "info").mockImplementation(() => {});
});

const MINUTES_5 = 5 * 60 * SECOND;

async function keysOf(userId: string) {
  return db.webAuthnCredential.findMany({ where: { userId }, orderBy: { createdAt: "asc" } });
}

async function eventTypesOf(userId: string) {
  const events = await db.securityEvent.findMany({ where: { userId, bucket: null }, orderBy: { createdAt: "asc" } });
  return events.map(({ type, method }) => `${type}:${method ?? "-"}`);
}

async function signIn(pendingSignInToken: string, response: Parameters<typeof completeSignInWithSecurityKey>[0]["response"], now?: Date) {
  return completeSignInWithSecurityKey({ pendingSignInToken, response, context: TEST_CONTEXT, now });
}

describe("adding a security key", () => {
  it("the first key turns the method on (primary, recovery codes, event, mail); a second is added with its own event and mail", async () => {
    const { user, email, password, sessionId } = await createSignedInTwoFactorUser({ methods: [] });
    const signedIn = { userId: user.id, sessionId, password };

    const first = await addSoftwareKey(signedIn, { name: "YubiKey 5" });
    expect(first.added).toMatchObject({ firstKey: true, becamePrimary: true, notificationSent: true });
    expect(first.added.recoveryCodes).toHaveLength(10);
    expect(await methodsOf(user.id)).toEqual({ primary: "webauthn", types: ["webauthn"] });
    expect((await latestOutboxMail(email))?.subject).toBe("Security key or passkey turned on");

    const second = await addSoftwareKey(signedIn, { name: "MacBook" });
    expect(second.added).toMatchObject({ firstKey: false, becamePrimary: false, recoveryCodes: null });
    const mail = await latestOutboxMail(email);
    expect(mail?.subject).toBe("Security key or passkey added");
    // The user's own words go in the body only.
    expect(mail?.text).toContain("MacBook");
    expect((await keysOf(user.id)).map((key) => key.name)).toEqual(["YubiKey 5", "MacBook"]);
    expect(await eventTypesOf(user.id)).toEqual([
      "two_factor_enabled:webauthn",
      "recovery_codes_generated:-",
      "security_key_added:webauthn",
    ]);
  });

  it("a credential id already registered is refused, for the same user and for another: KEY_ALREADY_REGISTERED", async () => {
    const owner = await createSignedInKeyUser({ methods: [] });
    // The browser would exclude the key; a forged request sends it anyway.
    const options = await startKeySetup(owner.signedIn);
    await expectTwoFactorError(
      addSecurityKey({ ...owner.signedIn, response: owner.authenticator.register(options), name: "Again", context: TEST_CONTEXT }),
      "KEY_ALREADY_REGISTERED",
    );

    const other = await createSignedInTwoFactorUser({ methods: ["totp"] });
    const otherSignedIn = { userId: other.user.id, sessionId: other.sessionId, password: other.password };
    const otherOptions = await startKeySetup(otherSignedIn);
    await expectTwoFactorError(
      addSecurityKey({ ...otherSignedIn, response: owner.authenticator.register(otherOptions), name: "Stolen", context: TEST_CONTEXT }),
      "KEY_ALREADY_REGISTERED",
    );
    expect(await keysOf(other.user.id)).toEqual([]);
    expect(await methodsOf(other.user.id)).toEqual({ primary: "totp", types: ["totp"] });
  });

  it("a key made on another origin or for another RP id is refused: INVALID_SECURITY_KEY, nothing added", async () => {
    const { user, password, sessionId } = await createSignedInTwoFactorUser({ methods: ["totp"] });
    const signedIn = { userId: user.id, sessionId, password };
    const rp = relyingParty();
    for (const ceremony of [{ origin: "https://portal.example.phish" }, { rpId: "example.phish" }, { origin: rp.origin.replace("http:", "https:") }]) {
      const options = await startKeySetup(signedIn);
      await expectTwoFactorError(
        addSecurityKey({ ...signedIn, response: new SoftwareAuthenticator().register(options, ceremony), name: "Key", context: TEST_CONTEXT }),
        "INVALID_SECURITY_KEY",
      );
    }
    expect(await keysOf(user.id)).toEqual([]);
    expect(await methodsOf(user.id)).toEqual({ primary: "totp", types: ["totp"] });
  });

  it("needs the password: no prompt without a fresh confirmation, no key without this session's prompt", async () => {
    const { user, password, sessionId, email } = await createSignedInTwoFactorUser({ methods: ["totp"] });
    await expectTwoFactorError(startSecurityKeySetup({ userId: user.id, sessionId, user: { email, name: user.name } }), "GRANT_REQUIRED");
    await expectAuthError(startKeySetup({ userId: user.id, sessionId, password: "not-the-password" }), "WRONG_PASSWORD");

    // A challenge of this user's other session is not this session's.
    const options = await startKeySetup({ userId: user.id, sessionId, password });
    const { id: otherSessionId } = await createSignedInSession(user.id);
    const response = new SoftwareAuthenticator().register(options);
    await expectTwoFactorError(
      addSecurityKey({ userId: user.id, sessionId: otherSessionId, response, name: "Key", context: TEST_CONTEXT }),
      "CHALLENGE_EXPIRED",
    );
    expect(await keysOf(user.id)).toEqual([]);
  });

  it("the setup's challenge is single use and dies after 5 minutes", async () => {
    const { user, password, sessionId } = await createSignedInTwoFactorUser({ methods: ["totp"] });
    const signedIn = { userId: user.id, sessionId, password };
    const now = new Date();

    const stale = await startKeySetup(signedIn, now);
    await expectTwoFactorError(
      addSecurityKey({ ...signedIn, response: new SoftwareAuthenticator().register(stale), name: "Key", context: TEST_CONTEXT, now: later(now, MINUTES_5 + SECOND) }),
      "CHALLENGE_EXPIRED",
    );

    const options = await startKeySetup(signedIn, now);
    const authenticator = new SoftwareAuthenticator();
    await addSecurityKey({ ...signedIn, response: authenticator.register(options), name: "Key", context: TEST_CONTEXT, now: later(now, MINUTES_5 - SECOND) });
    await expectTwoFactorError(
      addSecurityKey({ ...signedIn, response: new SoftwareAuthenticator().register(options), name: "Key 2", context: TEST_CONTEXT }),
      "CHALLENGE_EXPIRED",
    );
    expect(await keysOf(user.id)).toHaveLength(1);
  });
});

describe("signing in with a security key", () => {
  it("the key's answer signs in: a new session, the key's counter and last use stored, the event recorded", async () => {
    const { user, email, password, authenticator, key } = await createSignedInKeyUser({ methods: [] });
    const token = await pendingSignInFor({ email }, password);
    const before = await sessionCount(user.id);

    const { options } = await startKeySignIn(token);
    const signedIn = await signIn(token, authenticator.authenticate(options));

    expect(signedIn.userId).toBe(user.id);
    expect(await sessionCount(user.id)).toBe(before + 1);
    const stored = await db.webAuthnCredential.findUniqueOrThrow({ where: { id: key.id } });
    expect(stored.counter).toBe(BigInt(authenticator.counter));
    expect(stored.lastUsedAt).not.toBeNull();
    expect(await eventTypesOf(user.id)).toContain("sign_in_second_factor:webauthn");
  });

  it("a challenge is single use: once answered, even wrongly, its answer never works again", async () => {
    const { email, password, authenticator } = await createSignedInKeyUser({ methods: [] });
    const token = await pendingSignInFor({ email }, password);
    const { options } = await startKeySignIn(token);

    // An answer from a key that is not the user's uses the challenge up.
    await expectTwoFactorError(signIn(token, new SoftwareAuthenticator().authenticate(options)), "INVALID_SECURITY_KEY");
    await expectTwoFactorError(signIn(token, authenticator.authenticate(options)), "CHALLENGE_EXPIRED");

    // Two parallel submissions of one right answer: exactly one signs in.
    const next = await startKeySignIn(token);
    const answer = authenticator.authenticate(next.options);
    const results = await Promise.allSettled([signIn(token, answer), signIn(token, answer)]);
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
  });

  it("a challenge dies after 5 minutes", async () => {
    const { email, password, authenticator } = await createSignedInKeyUser({ methods: [] });
    const now = new Date();
    const token = await pendingSignInFor({ email }, password);

    const { options: stale } = await startKeySignIn(token, now);
    await expectTwoFactorError(signIn(token, authenticator.authenticate(stale), later(now, MINUTES_5 + SECOND)), "CHALLENGE_EXPIRED");

    const { options } = await startKeySignIn(token, now);
    await expect(signIn(token, authenticator.authenticate(options), later(now, MINUTES_5 - SECOND))).resolves.toMatchObject({});
  });

  it("a challenge of one pending sign-in cannot finish another", async () => {
    const { user, email, password, authenticator } = await createSignedInKeyUser({ methods: [] });
    const first = await pendingSignInFor({ email }, password);
    const second = await pendingSignInFor({ email }, password);
    const before = await sessionCount(user.id);

    const { options: firstOptions } = await startKeySignIn(first);
    // The second sign-in has no challenge of its own yet: the first's is not its.
    await expectTwoFactorError(signIn(second, authenticator.authenticate(firstOptions)), "CHALLENGE_EXPIRED");
    // With one of its own, an answer to the first's challenge does not fit it.
    await startKeySignIn(second);
    await expectTwoFactorError(signIn(second, authenticator.authenticate(firstOptions)), "INVALID_SECURITY_KEY");
    expect(await sessionCount(user.id)).toBe(before);

    // The first sign-in's own challenge still works for it.
    await expect(signIn(first, authenticator.authenticate(firstOptions))).resolves.toMatchObject({ userId: user.id });
  });

  it("an answer from user A's key cannot sign in user B", async () => {
    const a = await createSignedInKeyUser({ methods: [] });
    const b = await createSignedInKeyUser({ methods: [] });
    const token = await pendingSignInFor({ email: b.email }, b.password);
    const before = await sessionCount(b.user.id);

    const { options } = await startKeySignIn(token);
    await expectTwoFactorError(signIn(token, a.authenticator.authenticate(options)), "INVALID_SECURITY_KEY");
    // Nor with A's key presented under B's credential id: the signature is not B's key's.
    const forged = a.authenticator.authenticate((await startKeySignIn(token)).options);
    await expectTwoFactorError(signIn(token, { ...forged, id: b.authenticator.id, rawId: b.authenticator.id }), "INVALID_SECURITY_KEY");
    expect(await sessionCount(b.user.id)).toBe(before);
  });

  it("an answer made on another origin or for another RP id is refused", async () => {
    const { user, email, password, authenticator } = await createSignedInKeyUser({ methods: [] });
    const token = await pendingSignInFor({ email }, password);
    const before = await sessionCount(user.id);
    for (const ceremony of [{ origin: "https://portal.example.phish" }, { rpId: "example.phish" }]) {
      const { options } = await startKeySignIn(token);
      await expectTwoFactorError(signIn(token, authenticator.authenticate(options, ceremony)), "INVALID_SECURITY_KEY");
    }
    expect(await sessionCount(user.id)).toBe(before);
  });

  it("where the key keeps a counter, it must move forward: a cloned key whose counter starts again is refused", async () => {
    const { email, password, authenticator } = await createSignedInKeyUser({ methods: [] });
    const token = await pendingSignInFor({ email }, password);
    const clone = authenticator.clone();
    // The real key is used once more than the clone has ever counted.
    authenticator.counter += 5;
    await signIn(token, authenticator.authenticate((await startKeySignIn(token)).options));

    const next = await pendingSignInFor({ email }, password);
    await expectTwoFactorError(signIn(next, clone.authenticate((await startKeySignIn(next)).options)), "INVALID_SECURITY_KEY");
  });

  it("a key that keeps no counter (always 0) signs in again and again", async () => {
    const { user, email, password, sessionId } = await createSignedInTwoFactorUser({ methods: [] });
    const authenticator = new SoftwareAuthenticator(false);
    await addSoftwareKey({ userId: user.id, sessionId, password }, { authenticator });
    for (let i = 0; i < 2; i++) {
      const token = await pendingSignInFor({ email }, password);
      await expect(signIn(token, authenticator.authenticate((await startKeySignIn(token)).options))).resolves.toMatchObject({ userId: user.id });
    }
  });
});

describe("rename and remove: the password first, and the last method stays", () => {
  it("rename and remove without the right password are refused and change nothing", async () => {
    const { user, signedIn, key } = await createSignedInKeyUser({ methods: ["totp"] });
    await addSoftwareKey(signedIn, { name: "Second" });
    const before = { keys: await keysOf(user.id), events: await eventTypesOf(user.id) };
    const change = { userId: user.id, sessionId: signedIn.sessionId, keyId: key.id, context: TEST_CONTEXT };

    await expectAuthError(renameSecurityKey({ ...change, name: "Renamed", password: "" }), "WRONG_PASSWORD");
    await expectAuthError(renameSecurityKey({ ...change, name: "Renamed", password: "not-the-password" }), "WRONG_PASSWORD");
    await expectAuthError(removeSecurityKey({ ...change, password: "not-the-password" }), "WRONG_PASSWORD");
    expect({ keys: await keysOf(user.id), events: await eventTypesOf(user.id) }).toEqual(before);

    await renameSecurityKey({ ...change, name: "Renamed", password: signedIn.password });
    expect((await keysOf(user.id)).map((item) => item.name)).toEqual(["Renamed", "Second"]);
    await removeSecurityKey({ ...change, password: signedIn.password });
    expect((await keysOf(user.id)).map((item) => item.name)).toEqual(["Second"]);
    expect((await eventTypesOf(user.id)).slice(-2)).toEqual(["security_key_renamed:webauthn", "security_key_removed:webauthn"]);
  });

  it("a key's name, the user's own text, is never in a subject and is no link in the body", async () => {
    const { email, signedIn, key } = await createSignedInKeyUser({ methods: ["totp"] });
    await renameSecurityKey({ ...signedIn, keyId: key.id, name: "see https://evil.test", context: TEST_CONTEXT });
    const mail = await latestOutboxMail(email);
    expect(mail?.subject).toBe("Security key or passkey renamed");
    expect(mail?.text).toContain("YubiKey 5");
    expect(mail?.text).not.toContain("evil.test");
    expect(mail?.text).toContain("evil.\u200Btest");
  });

  it("another user's key cannot be renamed or removed: KEY_NOT_FOUND", async () => {
    const owner = await createSignedInKeyUser({ methods: ["totp"] });
    const stranger = await createSignedInTwoFactorUser({ methods: ["totp"] });
    const change = { userId: stranger.user.id, sessionId: stranger.sessionId, keyId: owner.key.id, password: stranger.password, context: TEST_CONTEXT };
    await expectTwoFactorError(renameSecurityKey({ ...change, name: "Mine now" }), "KEY_NOT_FOUND");
    await expectTwoFactorError(removeSecurityKey(change), "KEY_NOT_FOUND");
    expect((await keysOf(owner.user.id)).map((item) => item.name)).toEqual(["YubiKey 5"]);
  });

  it("the last method cannot be removed: neither the last key nor the switch of a sole security key", async () => {
    const { user, signedIn, key } = await createSignedInKeyUser({ methods: [] });
    const change = { userId: user.id, sessionId: signedIn.sessionId, password: signedIn.password, context: TEST_CONTEXT };

    await expectTwoFactorError(removeSecurityKey({ ...change, keyId: key.id }), "LAST_METHOD_KEEP_ANOTHER");
    await expectTwoFactorError(deactivateMethod({ ...change, method: "webauthn" }), "LAST_METHOD_KEEP_ANOTHER");
    expect(await keysOf(user.id)).toHaveLength(1);
    expect(await methodsOf(user.id)).toEqual({ primary: "webauthn", types: ["webauthn"] });

    // With a second key the first can go: the method stays on.
    await addSoftwareKey(signedIn, { name: "Spare" });
    await removeSecurityKey({ ...change, keyId: key.id });
    expect(await methodsOf(user.id)).toEqual({ primary: "webauthn", types: ["webauthn"] });
  });

  it("removing a sole method's two keys in parallel leaves one: the user's row is locked first", async () => {
    const { user, signedIn, key } = await createSignedInKeyUser({ methods: [] });
    const { key: spare } = await addSoftwareKey(signedIn, { name: "Spare" });
    const results = await Promise.allSettled(
      [key, spare].map((each) => removeSecurityKey({ ...signedIn, keyId: each.id, context: TEST_CONTEXT })),
    );
    expect(results.map((result) => result.status).sort()).toEqual(["fulfilled", "rejected"]);
    expect(await keysOf(user.id)).toHaveLength(1);
    expect(await methodsOf(user.id)).toEqual({ primary: "webauthn", types: ["webauthn"] });
  });

  it("with another method on, removing the last key turns the method off and the other becomes primary", async () => {
    const { user, email, signedIn, key } = await createSignedInKeyUser({ methods: ["email"] });
    await db.user.update({ where: { id: user.id }, data: { primaryTwoFactorType: "webauthn" } });

    const result = await removeSecurityKey({ ...signedIn, keyId: key.id, context: TEST_CONTEXT });
    expect(result.methodTurnedOff).toBe(true);
    expect(await methodsOf(user.id)).toEqual({ primary: "email", types: ["email"] });
    expect((await latestOutboxMail(email))?.subject).toBe("Security key or passkey turned off");

    // The sole article method left keeps the article's words.
    await expectTwoFactorError(deactivateMethod({ ...signedIn, method: "email", context: TEST_CONTEXT }), "LAST_METHOD");
  });

  it("with a key on, one of the article's methods can be turned off: another method stays", async () => {
    const { user, signedIn } = await createSignedInKeyUser({ methods: ["totp"] });
    await deactivateMethod({ ...signedIn, method: "totp", context: TEST_CONTEXT });
    expect(await methodsOf(user.id)).toEqual({ primary: "webauthn", types: ["webauthn"] });
  });

  it("turning the method off removes every key and any prompt under way", async () => {
    const { user, signedIn } = await createSignedInKeyUser({ methods: ["totp"] });
    await addSoftwareKey(signedIn, { name: "Spare" });
    await startKeySetup(signedIn);
    await deactivateMethod({ ...signedIn, method: "webauthn", context: TEST_CONTEXT });
    expect(await keysOf(user.id)).toEqual([]);
    expect(await db.webAuthnChallenge.count({ where: { userId: user.id } })).toBe(0);
  });
});

describe("a security key is a two-factor method everywhere", () => {
  it("an owner's reset of two-factor authentication removes the user's keys", async () => {
    const member = await createSignedInKeyUser({ methods: [] });
    const owner = await createTestUser({ role: "owner" });
    await db.user.update({ where: { id: owner.user.id }, data: { accountId: member.account.id } });
    await db.user.update({ where: { id: member.user.id }, data: { role: "member" } });
    const { id: ownerSessionId } = await createSignedInSession(owner.user.id);

    await resetTwoFactor({
      owner: { id: owner.user.id, name: owner.user.name, accountId: member.account.id, sessionId: ownerSessionId },
      targetUserId: member.user.id,
      confirmation: member.email,
      password: owner.password as string,
      context: TEST_CONTEXT,
    });
    expect(await keysOf(member.user.id)).toEqual([]);
    expect(await methodsOf(member.user.id)).toEqual({ primary: null, types: [] });
    // The key itself can be registered again (to this user or anyone).
    expect(await db.webAuthnCredential.count({ where: { credentialId: member.authenticator.id } })).toBe(0);
  });

  it("sign-in offers it (first when primary, else through \"Use another method\"); Users and Security and access list it", async () => {
    const { user, account, signedIn } = await createSignedInKeyUser({ methods: ["totp"] });
    await addSoftwareKey(signedIn, { name: "MacBook" });
    expect(await getVerifyPageData(user.id, undefined)).toMatchObject({ method: "totp", otherMethods: ["webauthn"] });
    await db.user.update({ where: { id: user.id }, data: { primaryTwoFactorType: "webauthn" } });
    expect(await getVerifyPageData(user.id, undefined)).toMatchObject({ method: "webauthn", otherMethods: ["totp"] });

    const [row] = await getUsersPageData(account.id);
    expect(row?.methods).toEqual(["totp", "webauthn"]);
    const page = await getSecurityPageData(user.id);
    expect(page.methods.find((method) => method.type === "webauthn")).toEqual({ type: "webauthn", active: true, primary: true });
    expect(page.securityKeys.map((key) => key.name)).toEqual(["YubiKey 5", "MacBook"]);
  });

  it("expired challenges are cleaned up with the rest", async () => {
    const { user, signedIn } = await createSignedInKeyUser({ methods: ["totp"] });
    const now = new Date();
    await startKeySetup(signedIn, now);
    await removeExpired(later(now, MINUTES_5 - SECOND));
    expect(await db.webAuthnChallenge.count({ where: { userId: user.id } })).toBe(1);
    await removeExpired(later(now, MINUTES_5 + SECOND));
    expect(await db.webAuthnChallenge.count({ where: { userId: user.id } })).toBe(0);
  });
});
