import { describe, expect, it } from "vitest";
import { ConfigError, databaseConfig, loadConfig, parseTotpKeys } from "@/lib/config";

const key = (byte: number) => Buffer.alloc(32, byte).toString("base64");

const production = {
  NODE_ENV: "production",
  APP_URL: "https://portal.example.test",
  SMTP_URL: "smtp://127.0.0.1:2525",
  MAIL_FROM: "Acme <no-reply@example.test>",
  AUTH_SECRET: "x".repeat(40),
  TOTP_ENCRYPTION_KEY: key(1),
} as const;

function without(...names: (keyof typeof production)[]): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(production).filter(([name]) => !names.includes(name as keyof typeof production))) as NodeJS.ProcessEnv;
}

describe("configuration", () => {
  it("production refuses to start without SMTP_URL, and says so", () => {
    const withoutSmtp = without("SMTP_URL");
    expect(() => loadConfig(withoutSmtp)).toThrow(ConfigError);
    expect(() => loadConfig(withoutSmtp)).toThrow(/SMTP_URL/);
  });

  it("production refuses to start without AUTH_SECRET or TOTP_ENCRYPTION_KEY", () => {
    const withoutSecrets = without("AUTH_SECRET", "TOTP_ENCRYPTION_KEY");
    expect(() => loadConfig(withoutSecrets)).toThrow(/AUTH_SECRET, TOTP_ENCRYPTION_KEY/);
  });

  it("accepts a complete production configuration", () => {
    const loaded = loadConfig({ ...production, DATABASE_URL: "postgresql://db/portal" });
    expect(loaded.isProduction).toBe(true);
    expect(loaded.smtpUrl).toBe(production.SMTP_URL);
    expect(loaded.databaseUrl).toBe("postgresql://db/portal");
  });

  it("rejects malformed values with the variable's name", () => {
    expect(() => loadConfig({ ...production, SMTP_URL: "http://mail" })).toThrow(/SMTP_URL must start with smtp/);
    expect(() => loadConfig({ ...production, AUTH_SECRET: "short" })).toThrow(/AUTH_SECRET/);
    expect(() => loadConfig({ ...production, TOTP_ENCRYPTION_KEY: "dG9vIHNob3J0" })).toThrow(/32-byte/);
  });

  it("expired rows are removed every 10 minutes unless REMOVE_EXPIRED_EVERY_MINUTES says otherwise (0: never)", () => {
    expect(loadConfig(production).removeExpiredEveryMinutes).toBe(10);
    expect(loadConfig({ ...production, REMOVE_EXPIRED_EVERY_MINUTES: "0" }).removeExpiredEveryMinutes).toBe(0);
    expect(loadConfig({ ...production, REMOVE_EXPIRED_EVERY_MINUTES: "1440" }).removeExpiredEveryMinutes).toBe(1440);
    expect(() => loadConfig({ ...production, REMOVE_EXPIRED_EVERY_MINUTES: "1441" })).toThrow(/REMOVE_EXPIRED_EVERY_MINUTES/);
    expect(() => loadConfig({ ...production, REMOVE_EXPIRED_EVERY_MINUTES: "-1" })).toThrow(/REMOVE_EXPIRED_EVERY_MINUTES/);
  });

  it("TOTP keys: the first encrypts, all decrypt, each with an id derived from the key", () => {
    const [current, previous, ...rest] = parseTotpKeys(`${key(2)}, ${key(3)}`);
    expect(rest).toHaveLength(0);
    expect(current.key.equals(Buffer.alloc(32, 2))).toBe(true);
    expect(previous?.key.equals(Buffer.alloc(32, 3))).toBe(true);
    expect(current.id).not.toBe(previous?.id);
    expect(parseTotpKeys(key(2))[0].id).toBe(current.id);
  });

  it("migrations need only the database settings, not the production secrets", () => {
    expect(databaseConfig({ NODE_ENV: "production", DATABASE_URL: "postgresql://db/portal" }).databaseUrl).toBe(
      "postgresql://db/portal",
    );
    expect(databaseConfig({ NODE_ENV: "test" }).pgliteDataDir).toMatch(/\.data\/pglite$/);
  });
});
