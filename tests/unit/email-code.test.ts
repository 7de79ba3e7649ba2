import { afterEach, describe, expect, it, vi } from "vitest";

const randomInt = vi.hoisted(() => vi.fn<(min: number, max: number) => number>());

vi.mock("node:crypto", async (importOriginal) => {
  const actual = await importOriginal<typeof import("node:crypto")>();
  randomInt.mockImplementation((min, max) => actual.randomInt(min, max));
  return { ...actual, randomInt };
});

const { generateEmailCode, normalizeEmailCode } = await import("@/lib/two-factor/email-code-format");

afterEach(() => {
  randomInt.mockClear();
});

describe("email code format", () => {
  it("codes come from crypto.randomInt over all 1,000,000 six-digit values", () => {
    generateEmailCode();
    expect(randomInt).toHaveBeenCalledWith(0, 1_000_000);
  });

  it("codes are always 6 digits, small numbers zero-padded", () => {
    randomInt.mockReturnValueOnce(42).mockReturnValueOnce(0).mockReturnValueOnce(999_999);
    expect([generateEmailCode(), generateEmailCode(), generateEmailCode()]).toEqual(["000042", "000000", "999999"]);
    for (let draw = 0; draw < 200; draw += 1) expect(generateEmailCode()).toMatch(/^\d{6}$/);
  });

  it("entered codes ignore spaces and must be exactly six digits", () => {
    expect(normalizeEmailCode(" 123 456 ")).toBe("123456");
    expect(normalizeEmailCode("12345")).toBeNull();
    expect(normalizeEmailCode("1234567")).toBeNull();
    expect(normalizeEmailCode("12345a")).toBeNull();
    expect(normalizeEmailCode("１２３４５６")).toBeNull();
  });
});
