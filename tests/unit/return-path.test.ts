import { describe, expect, it } from "vitest";
import { DEFAULT_RETURN_PATH, safeReturnPath, signInPathReturningTo } from "@/lib/auth/return-path";

describe("a sign-in returns only to a path of this app's customer area", () => {
  it.each([
    ["/customer-area/security", "/customer-area/security"],
    ["/customer-area/security#two-factor", "/customer-area/security#two-factor"],
    ["/customer-area/users?tab=1", "/customer-area/users?tab=1"],
    ["/customer-area", "/customer-area"],
    ["/customer-area/../customer-area/users", "/customer-area/users"],
  ])("%s is kept", (asked, kept) => {
    expect(safeReturnPath(asked)).toBe(kept);
  });

  it.each([
    ["another site", "https://evil.example/customer-area"],
    ["a protocol-relative address", "//evil.example/customer-area"],
    ["a backslash that browsers read as a slash", "/\\evil.example/customer-area"],
    ["a tab inside", "/\t/evil.example"],
    ["a scheme", "javascript:alert(1)"],
    ["a path outside the customer area", "/sign-up"],
    ["a path that only starts like it", "/customer-areas/evil"],
    ["a dot-dot out of it", "/customer-area/../sign-up"],
    ["an encoded dot-dot out of it", "/customer-area/%2e%2e/sign-up"],
    ["an oversized value", `/customer-area/${"a".repeat(3000)}`],
    ["nothing", undefined],
    ["not a string", ["/customer-area/users"]],
  ])("%s goes to the customer area", (_what, asked) => {
    expect(safeReturnPath(asked)).toBe(DEFAULT_RETURN_PATH);
  });

  it("/sign-in carries a return path only when it is one", () => {
    expect(signInPathReturningTo("/customer-area/security")).toBe("/sign-in?next=%2Fcustomer-area%2Fsecurity");
    expect(signInPathReturningTo("/customer-area")).toBe("/sign-in");
    expect(signInPathReturningTo("https://evil.example")).toBe("/sign-in");
    expect(signInPathReturningTo(null)).toBe("/sign-in");
  });
});
