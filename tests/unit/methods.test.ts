import { describe, expect, it } from "vitest";
import {
  codeMethodSchema,
  METHOD_WORDS,
  methodsInSignInOrder,
  onlyArticleMethods,
  TWO_FACTOR_METHODS,
  twoFactorMethodSchema,
} from "@/lib/two-factor/methods";

describe("the method registry", () => {
  it("lists every method of the Prisma enum once, in the page's order, each with its words", () => {
    expect(TWO_FACTOR_METHODS).toEqual(["totp", "email", "webauthn"]);
    expect(Object.keys(METHOD_WORDS).sort()).toEqual([...TWO_FACTOR_METHODS].sort());
    expect(METHOD_WORDS.totp.label).toBe("Authentication app");
    expect(METHOD_WORDS.email.label).toBe("Email");
    expect(METHOD_WORDS.webauthn.label).toBe("Security key or passkey");
  });

  it("a code is typed only for the article's methods; a security key answers through the browser", () => {
    expect(codeMethodSchema.safeParse("totp").success).toBe(true);
    expect(codeMethodSchema.safeParse("email").success).toBe(true);
    expect(codeMethodSchema.safeParse("webauthn").success).toBe(false);
  });

  it("the article's words hold while only its methods are on", () => {
    expect(onlyArticleMethods([])).toBe(true);
    expect(onlyArticleMethods(["totp"])).toBe(true);
    expect(onlyArticleMethods(["totp", "email"])).toBe(true);
    expect(onlyArticleMethods(["webauthn"])).toBe(false);
    expect(onlyArticleMethods(["email", "webauthn"])).toBe(false);
  });

  it("its schema takes exactly the registry's methods", () => {
    for (const type of TWO_FACTOR_METHODS) expect(twoFactorMethodSchema.parse(type)).toBe(type);
    expect(twoFactorMethodSchema.safeParse("sms").success).toBe(false);
    // Recovery codes are not a method: never listed, never primary.
    expect(twoFactorMethodSchema.safeParse("recovery_code").success).toBe(false);
    expect(twoFactorMethodSchema.safeParse("").success).toBe(false);
  });
});

describe("sign-in asks for the primary method first", () => {
  it("the primary comes first, the other active methods after it", () => {
    expect(methodsInSignInOrder(["totp", "email"], "email")).toEqual(["email", "totp"]);
    expect(methodsInSignInOrder(["email", "totp"], "totp")).toEqual(["totp", "email"]);
    expect(methodsInSignInOrder(["webauthn", "email", "totp"], "webauthn")).toEqual(["webauthn", "totp", "email"]);
    expect(methodsInSignInOrder(["webauthn", "email"], "email")).toEqual(["email", "webauthn"]);
  });

  it("without a primary, or with one that is no longer active, the page's order holds", () => {
    expect(methodsInSignInOrder(["email", "totp"], null)).toEqual(["totp", "email"]);
    expect(methodsInSignInOrder(["email"], "totp")).toEqual(["email"]);
  });

  it("a user without methods has nothing to be asked", () => {
    expect(methodsInSignInOrder([], null)).toEqual([]);
  });
});
