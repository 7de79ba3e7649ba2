import { createHash, randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { TotpKey } from "@/lib/config";
import { decryptTotpSecret, encryptTotpSecret, SecretBoxError } from "@/lib/two-factor/secret-box";
import {
  findTotpDriftSeconds,
  formatSecretForDisplay,
  generateTotpSecret,
  matchTotpStep,
  normalizeTotpCode,
  timeStep,
  TOTP_PERIOD_SECONDS,
  totpCodeForStep,
  totpUri,
} from "@/lib/two-factor/totp";
import { TwoFactorError } from "@/lib/two-factor/two-factor-error";

function base32Decode(secret: string): Buffer {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  let bits = "";
  for (const char of secret.replace(/=+$/, "")) {
    const value = alphabet.indexOf(char);
    if (value < 0) throw new Error(`not base32: ${char}`);
    bits += value.toString(2).padStart(5, "0");
  }
  const bytes = bits.match(/.{8}/g) ?? [];
  return Buffer.from(bytes.map((byte) => parseInt(byte, 2)));
}

function testKey(): TotpKey {
  const key = randomBytes(32);
  return { id: createHash("sha256").update(key).digest("hex").slice(0, 8), key };
}

const at = (seconds: number) => new Date(seconds * 1000);

describe("RFC 6238 Appendix B SHA-1 test vectors through lib/two-factor/totp", () => {
  const rfcSecret = new TextEncoder().encode("12345678901234567890");
  const vectors: [number, string][] = [
    [59, "94287082"],
    [1111111109, "07081804"],
    [1111111111, "14050471"],
    [1234567890, "89005924"],
    [2000000000, "69279037"],
    [20000000000, "65353130"],
  ];

  it.each(vectors)("T=%i gives %s (8 digits)", (seconds, expected) => {
    expect(totpCodeForStep(rfcSecret, timeStep(at(seconds)), 8)).toBe(expected);
  });

  it.each(vectors)("T=%i gives the last 6 digits of %s with the app's 6 digits", (seconds, expected) => {
    expect(totpCodeForStep(rfcSecret, timeStep(at(seconds)))).toBe(expected.slice(-6));
  });

  it("uses 30-second steps from the Unix epoch", () => {
    expect(TOTP_PERIOD_SECONDS).toBe(30);
    expect(timeStep(at(59))).toBe(1);
    expect(timeStep(at(60))).toBe(2);
  });
});

describe("TOTP secrets", () => {
  it("are at least 160 bits of base32 from crypto, different every time", () => {
    const secrets = Array.from({ length: 50 }, () => generateTotpSecret());
    for (const secret of secrets) {
      expect(secret).toMatch(/^[A-Z2-7]+$/);
      expect(base32Decode(secret).length * 8).toBeGreaterThanOrEqual(160);
    }
    expect(new Set(secrets).size).toBe(secrets.length);
  });

  it("are grouped in fours for manual entry", () => {
    expect(formatSecretForDisplay("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")).toBe("ABCD EFGH IJKL MNOP QRST UVWX YZ23 4567");
    expect(formatSecretForDisplay("ABCDEF")).toBe("ABCD EF");
  });
});

describe("accept at most +-1 step", () => {
  const secret = generateTotpSecret();
  const now = at(1_700_000_015);
  const step = timeStep(now);

  it("accepts the current, previous and next step and says which one matched", () => {
    expect(matchTotpStep(secret, totpCodeForStep(secret, step), now)).toBe(step);
    expect(matchTotpStep(secret, totpCodeForStep(secret, step - 1), now)).toBe(step - 1);
    expect(matchTotpStep(secret, totpCodeForStep(secret, step + 1), now)).toBe(step + 1);
  });

  it("refuses codes two steps away either side", () => {
    expect(matchTotpStep(secret, totpCodeForStep(secret, step - 2), now)).toBeNull();
    expect(matchTotpStep(secret, totpCodeForStep(secret, step + 2), now)).toBeNull();
  });

  it("does not allow a wider window", () => {
    expect(() => matchTotpStep(secret, "123456", now, 2)).toThrow(RangeError);
  });

  it("refuses the code of another secret", () => {
    expect(matchTotpStep(generateTotpSecret(), totpCodeForStep(secret, step), now)).toBeNull();
  });
});

describe("clock drift detection", () => {
  const secret = generateTotpSecret();
  const now = at(1_700_000_015);
  const step = timeStep(now);

  it("reports how far off a code for a step further away is (positive: device ahead)", () => {
    expect(findTotpDriftSeconds(secret, totpCodeForStep(secret, step + 3), now)).toBe(90);
    expect(findTotpDriftSeconds(secret, totpCodeForStep(secret, step - 3), now)).toBe(-90);
    expect(findTotpDriftSeconds(secret, totpCodeForStep(secret, step - 20), now)).toBe(-600);
  });

  it("does not report drift for codes inside the window or far beyond the search", () => {
    expect(findTotpDriftSeconds(secret, totpCodeForStep(secret, step + 1), now)).toBeNull();
    expect(findTotpDriftSeconds(secret, totpCodeForStep(secret, step + 500), now)).toBeNull();
  });
});

describe("code input", () => {
  it("ignores spaces and hyphens", () => {
    expect(normalizeTotpCode(" 123 456 ")).toBe("123456");
    expect(normalizeTotpCode("123-456")).toBe("123456");
  });

  it.each(["12345", "1234567", "12345a", "", "１２３４５６"])("refuses %j as INVALID_CODE", (input) => {
    expect(() => normalizeTotpCode(input)).toThrow(expect.objectContaining({ code: "INVALID_CODE" }));
    expect(() => normalizeTotpCode(input)).toThrow(TwoFactorError);
  });
});

describe("otpauth URI", () => {
  it("names issuer and email, encoded, with SHA1, 6 digits and 30 seconds", () => {
    const uri = totpUri({ secret: "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP", email: "ada+2fa@example.com" });
    expect(uri).toBe(
      "otpauth://totp/Acme%20customer%20area:ada%2B2fa%40example.com" +
        "?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=Acme%20customer%20area&algorithm=SHA1&digits=6&period=30",
    );
    const parsed = new URL(uri);
    expect(parsed.protocol).toBe("otpauth:");
    expect(parsed.searchParams.get("issuer")).toBe("Acme customer area");
  });
});

describe("secret box (AES-256-GCM at rest)", () => {
  const keyA = testKey();
  const keyB = testKey();
  const secret = generateTotpSecret();
  const userId = "6f1e1f3a-8f0e-4b8c-9a57-0c3d2b1a0f00";
  const otherUserId = "0b7c5a21-3d1f-4e0a-8c2b-5f6e7d8c9a10";

  it("round-trips, names its key and never holds the secret in clear", () => {
    const box = encryptTotpSecret(secret, userId, [keyA]);
    expect(box.startsWith(`v1.${keyA.id}.`)).toBe(true);
    expect(box).not.toContain(secret);
    expect(decryptTotpSecret(box, userId, [keyA])).toBe(secret);
    expect(encryptTotpSecret(secret, userId, [keyA])).not.toBe(box);
  });

  it("throws when any part was tampered with", () => {
    const box = encryptTotpSecret(secret, userId, [keyA]);
    const parts = box.split(".");
    for (const index of [2, 3, 4]) {
      const tampered = [...parts];
      const bytes = Buffer.from(tampered[index]!, "base64url");
      bytes[0] = bytes[0]! ^ 1;
      tampered[index] = bytes.toString("base64url");
      expect(() => decryptTotpSecret(tampered.join("."), userId, [keyA])).toThrow(SecretBoxError);
    }
    expect(() => decryptTotpSecret(`v2${box.slice(2)}`, userId, [keyA])).toThrow(SecretBoxError);
  });

  it("will not open a box moved to another user's row (user id bound as AAD)", () => {
    const box = encryptTotpSecret(secret, userId, [keyA]);
    expect(() => decryptTotpSecret(box, otherUserId, [keyA])).toThrow(SecretBoxError);
  });

  it("opens boxes of an older key after rotation, and encrypts with the newest", () => {
    const oldBox = encryptTotpSecret(secret, userId, [keyA]);
    expect(decryptTotpSecret(oldBox, userId, [keyB, keyA])).toBe(secret);
    const newBox = encryptTotpSecret(secret, userId, [keyB, keyA]);
    expect(newBox.startsWith(`v1.${keyB.id}.`)).toBe(true);
  });

  it("throws without the key", () => {
    const box = encryptTotpSecret(secret, userId, [keyA]);
    expect(() => decryptTotpSecret(box, userId, [keyB])).toThrow(SecretBoxError);
    const forged = box.replace(keyA.id, keyB.id);
    expect(() => decryptTotpSecret(forged, userId, [keyB])).toThrow(SecretBoxError);
  });
});
