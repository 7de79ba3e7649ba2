import { describe, expect, it, vi } from "vitest";

vi.stubEnv("AUTH_SECRET", "unit-test-auth-secret-unit-test-auth-secret");
const { knownDeviceCookie, readKnownDevice } = await import("@/lib/auth/known-device");

function jarWith(value: string | undefined) {
  return { get: (name: string) => (name === "known_device" && value !== undefined ? { value } : undefined) };
}

describe("the known-browser cookie cannot be made up or moved to another user", () => {
  const userId = "0b5b1a7e-8d7c-4f1e-9d3a-2f9f0c6a1b23";

  it("names the user it was issued for", () => {
    const cookie = knownDeviceCookie(userId);
    expect(cookie.options).toMatchObject({ httpOnly: true, sameSite: "lax", path: "/" });
    expect(readKnownDevice(jarWith(cookie.value))?.userId).toBe(userId);
  });

  it("a changed user id, a changed date or a made-up signature is not a known browser", () => {
    const [, issuedAt, signature] = knownDeviceCookie(userId).value.split(".");
    const otherUser = "9c1f7a52-3b8e-4d6a-8e21-5a7c0d9e4f10";
    expect(readKnownDevice(jarWith(`${otherUser}.${issuedAt}.${signature}`))).toBeNull();
    expect(readKnownDevice(jarWith(`${userId}.${Number(issuedAt) + 1}.${signature}`))).toBeNull();
    expect(readKnownDevice(jarWith(`${userId}.${issuedAt}.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA`))).toBeNull();
    expect(readKnownDevice(jarWith("garbage"))).toBeNull();
    expect(readKnownDevice(jarWith(undefined))).toBeNull();
  });

  it("expires after a year", () => {
    const issued = new Date("2026-01-01T00:00:00Z");
    const cookie = knownDeviceCookie(userId, issued);
    expect(readKnownDevice(jarWith(cookie.value), new Date("2026-12-31T00:00:00Z"))?.userId).toBe(userId);
    expect(readKnownDevice(jarWith(cookie.value), new Date("2027-01-02T00:00:00Z"))).toBeNull();
  });
});
