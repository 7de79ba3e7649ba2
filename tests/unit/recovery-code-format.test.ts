import { describe, expect, it } from "vitest";
import {
  formatRecoveryCode,
  normalizeRecoveryCode,
  RECOVERY_CODE_ALPHABET,
  recoveryCodesFileName,
  recoveryCodesLeftText,
  recoveryCodesText,
} from "@/lib/two-factor/recovery-code-format";
import { recoveryCodeSchema } from "@/lib/validations/two-factor";

describe("recovery codes are typed in any letter case, with or without dashes and spaces", () => {
  it("every way of typing one code normalises to the same 15 characters", () => {
    const typed = ["ABCDE-FGHJK-MNPQR", "abcde-fghjk-mnpqr", "ABCDEFGHJKMNPQR", " abcde fghjk mnpqr ", "AbCdE-fGhJk MnPqR"];
    expect(new Set(typed.map(normalizeRecoveryCode))).toEqual(new Set(["ABCDEFGHJKMNPQR"]));
  });

  it("anything that cannot be a code is null: wrong length, look-alike characters, other symbols", () => {
    for (const input of ["", "ABCDE-FGHJK-MNPQ", "ABCDE-FGHJK-MNPQRS", "0BCDE-FGHJK-MNPQR", "OBCDE-FGHJK-MNPQR", "1BCDE-FGHJK-MNPQR", "IBCDE-FGHJK-MNPQR", "LBCDE-FGHJK-MNPQR", "ABCDE_FGHJK_MNPQR"]) {
      expect(normalizeRecoveryCode(input), input).toBeNull();
    }
  });

  it("the alphabet has no look-alikes (0/O, 1/I/L) and 15 characters of it give at least 64 bits", () => {
    expect(RECOVERY_CODE_ALPHABET).not.toMatch(/[01OIL]/);
    expect(new Set(RECOVERY_CODE_ALPHABET).size).toBe(RECOVERY_CODE_ALPHABET.length);
    expect(15 * Math.log2(RECOVERY_CODE_ALPHABET.length)).toBeGreaterThanOrEqual(64);
  });

  it("codes are shown in three groups of five", () => {
    expect(formatRecoveryCode("ABCDEFGHJKMNPQR")).toBe("ABCDE-FGHJK-MNPQR");
  });

  it("the form's schema takes a code typed any way and refuses the rest with a clear message, however long", () => {
    expect(recoveryCodeSchema.safeParse({ code: "abcde fghjk mnpqr" }).success).toBe(true);
    const refused = [{ code: "" }, { code: "ABCDE" }, { code: "A".repeat(10_000) }, {}];
    for (const input of refused) {
      const parsed = recoveryCodeSchema.safeParse(input);
      expect(parsed.success).toBe(false);
      expect(parsed.error?.issues[0]?.message).toMatch(/recovery code|expected string/i);
    }
  });
});

describe("what Download, Copy and Print keep", () => {
  it("the file is named after the product and the user's email", () => {
    expect(recoveryCodesFileName("Acme customer area", "jo@example.com")).toBe("acme-customer-area-recovery-codes-jo@example.com.txt");
    expect(recoveryCodesFileName("Acme customer area", "a/b\\c:d@example.com")).toBe("acme-customer-area-recovery-codes-a-b-c-d@example.com.txt");
  });

  it("the text names the product, the user and the date, explains the codes, and holds each on its own line", () => {
    const codes = ["ABCDE-FGHJK-MNPQR", "23456-789AB-CDEFG"];
    const text = recoveryCodesText({ productName: "Acme customer area", email: "jo@example.com", codes, generatedAt: new Date("2026-12-01T10:00:00Z") });
    expect(text).toContain("Acme customer area: recovery codes for jo@example.com");
    expect(text).toContain("Tue, 01 Dec 2026 10:00:00 GMT");
    expect(text).toContain("Use a recovery code");
    expect(text.split("\n")).toEqual(expect.arrayContaining(codes));
  });

  it("the count is said in words", () => {
    expect([0, 1, 3].map(recoveryCodesLeftText)).toEqual(["No recovery codes left", "1 recovery code left", "3 recovery codes left"]);
  });
});
