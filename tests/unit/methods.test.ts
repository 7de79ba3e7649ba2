import { describe, expect, it } from "vitest";
import { METHOD_WORDS, methodsInSignInOrder, TWO_FACTOR_METHODS, twoFactorMethodSchema } from "@/lib/two-factor/methods";

describe("the method registry", () => {
  it("lists every method of the Prisma enum once, in the page's order, each with its words", () => {
    expect(TWO_FACTOR_METHODS).toEqual(["totp", "email"]);
    expect(Object.keys(METHOD_WORDS).sort()).toEqual([...TWO_FACTOR_METHODS].sort());
    expect(METHOD_WORDS.totp.label).toBe("Authentication app");
    expect(METHOD_WORDS.email.label).toBe("Email");
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
  });

  it("without a primary, or with one that is no longer active, the page's order holds", () => {
    expect(methodsInSignInOrder(["email", "totp"], null)).toEqual(["totp", "email"]);
    expect(methodsInSignInOrder(["email"], "totp")).toEqual(["email"]);
  });

  it("a user without methods has nothing to be asked", () => {
    expect(methodsInSignInOrder([], null)).toEqual([]);
  });
});
