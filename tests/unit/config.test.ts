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

describe("identity providers", () => {
  const base = { NODE_ENV: "development", APP_URL: "http://localhost:3000" } as NodeJS.ProcessEnv;

  it("offers none when no provider variable is set", () => {
    expect(loadConfig({ ...base }).identityProviders).toEqual([]);
  });

  it("offers each provider whose variables are all set, in the order of the buttons", () => {
    const loaded = loadConfig({
      ...base,
      AUTH_OIDC_ISSUER: "https://sso.example.com",
      AUTH_OIDC_ID: "portal",
      AUTH_OIDC_SECRET: "s3cret",
      AUTH_OIDC_NAME: "Example SSO",
      AUTH_GOOGLE_ID: "google-id",
      AUTH_GOOGLE_SECRET: "google-secret",
    });
    expect(loaded.identityProviders).toEqual([
      { id: "google", name: "Google", clientId: "google-id", clientSecret: "google-secret" },
      { id: "oidc", name: "Example SSO", clientId: "portal", clientSecret: "s3cret", issuer: "https://sso.example.com" },
    ]);
  });

  it("refuses to start with some of a provider's variables, naming the missing ones", () => {
    expect(() => loadConfig({ ...base, AUTH_GOOGLE_ID: "google-id" })).toThrow("Google sign-in needs AUTH_GOOGLE_SECRET as well.");
    expect(() =>
      loadConfig({ ...base, AUTH_MICROSOFT_ENTRA_ID_ID: "id", AUTH_MICROSOFT_ENTRA_ID_SECRET: "secret" }),
    ).toThrow("Microsoft sign-in needs AUTH_MICROSOFT_ENTRA_ID_ISSUER as well.");
  });

  it("sets AUTH_URL to APP_URL whatever the environment said: next-auth builds every URL from it", () => {
    const env = { ...base, APP_URL: "https://portal.example.com/", AUTH_URL: "https://evil.example" } as NodeJS.ProcessEnv;
    loadConfig(env);
    expect(env.AUTH_URL).toBe("https://portal.example.com");
  });
});
