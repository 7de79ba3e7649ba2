import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";

/**
 * Configuration, validated once at start. Development generates its own secrets
 * into .data/ so `npm run dev` needs no setup; production refuses to start
 * without them (and without an SMTP server) and says which variable is missing.
 */

export type TotpKey = { id: string; key: Buffer };

export type AppConfig = {
  isProduction: boolean;
  appUrl: string;
  databaseUrl: string | undefined;
  pgliteDataDir: string;
  smtpUrl: string | undefined;
  mailFrom: string;
  authSecret: string;
  /** How many proxies in front of the app append to X-Forwarded-For (0, the default: none, the connection's own address). */
  trustedProxyHops: number;
  /** First key encrypts; all of them decrypt (key rotation). */
  totpKeys: [TotpKey, ...TotpKey[]];
  /** Security events older than this are deleted (lib/maintenance/remove-expired.ts). */
  securityEventRetentionDays: number;
  /** Reset links and sign-up links one client address may ask for per hour, each (lib/auth/claim-address-mail.ts). */
  linkMailsPerClientPerHour: number;
  /** How often this instance removes expired rows (lib/maintenance/schedule-remove-expired.ts); 0: never (cron runs `npm run db:cleanup`). */
  removeExpiredEveryMinutes: number;
  /** The OpenID Connect providers whose variables are set, in the order of their buttons (lib/identity-providers/providers.ts). */
  identityProviders: IdentityProviderConfig[];
};

/** Auth.js's provider ids: the redirect URI an administrator registers is `<APP_URL>/api/auth/callback/<id>`. */
export type IdentityProviderId = "google" | "microsoft-entra-id" | "oidc";

export type IdentityProviderConfig = {
  id: IdentityProviderId;
  /** On the button: "Continue with <name>". */
  name: string;
  clientId: string;
  clientSecret: string;
  /** Google's is fixed; Entra ID's names the tenant. */
  issuer?: string;
};

const optional = z
  .string()
  .trim()
  .transform((value) => (value === "" ? undefined : value))
  .optional();

const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  APP_URL: z.url({ message: "APP_URL must be a URL such as https://portal.example.com" }).optional(),
  DATABASE_URL: optional,
  PGLITE_DATA_DIR: optional,
  SMTP_URL: optional.pipe(
    z
      .string()
      .regex(/^smtps?:\/\//, "SMTP_URL must start with smtp:// or smtps://")
      .optional(),
  ),
  MAIL_FROM: optional,
  AUTH_SECRET: optional.pipe(z.string().min(32, "AUTH_SECRET must be at least 32 characters").optional()),
  TOTP_ENCRYPTION_KEY: optional,
  SECURITY_EVENT_RETENTION_DAYS: optional.pipe(
    z
      .string()
      .regex(/^[1-9][0-9]{0,4}$/, "SECURITY_EVENT_RETENTION_DAYS must be a whole number of days from 1 to 99999")
      .transform(Number)
      .optional(),
  ),
  LINK_MAILS_PER_CLIENT_PER_HOUR: optional.pipe(
    z
      .string()
      .regex(/^[1-9][0-9]{0,4}$/, "LINK_MAILS_PER_CLIENT_PER_HOUR must be a whole number from 1 to 99999")
      .transform(Number)
      .optional(),
  ),
  REMOVE_EXPIRED_EVERY_MINUTES: optional.pipe(
    z
      .string()
      .regex(/^([0-9]{1,3}|1[0-3][0-9]{2}|14[0-3][0-9]|1440)$/, "REMOVE_EXPIRED_EVERY_MINUTES must be a whole number of minutes from 0 to 1440")
      .transform(Number)
      .optional(),
  ),
  AUTH_GOOGLE_ID: optional,
  AUTH_GOOGLE_SECRET: optional,
  AUTH_MICROSOFT_ENTRA_ID_ID: optional,
  AUTH_MICROSOFT_ENTRA_ID_SECRET: optional,
  AUTH_MICROSOFT_ENTRA_ID_ISSUER: optional.pipe(z.url({ message: "AUTH_MICROSOFT_ENTRA_ID_ISSUER must be a URL" }).optional()),
  AUTH_OIDC_ISSUER: optional.pipe(z.url({ message: "AUTH_OIDC_ISSUER must be the issuer's URL" }).optional()),
  AUTH_OIDC_ID: optional,
  AUTH_OIDC_SECRET: optional,
  AUTH_OIDC_NAME: optional.pipe(z.string().max(40, "AUTH_OIDC_NAME must be at most 40 characters").optional()),
  TRUSTED_PROXY_HOPS: optional.pipe(
    z
      .string()
      .regex(/^(10|[0-9])$/, "TRUSTED_PROXY_HOPS must be a whole number from 0 to 10")
      .transform(Number)
      .optional(),
  ),
});

export class ConfigError extends Error {
  override name = "ConfigError";
}

const DATA_DIR = path.resolve(process.cwd(), ".data");

function generatedDevSecrets(): { authSecret: string; totpEncryptionKey: string } {
  const file = path.join(DATA_DIR, "dev-secrets.json");
  if (existsSync(file)) return JSON.parse(readFileSync(file, "utf8"));
  mkdirSync(DATA_DIR, { recursive: true });
  const secrets = {
    authSecret: randomBytes(32).toString("base64url"),
    totpEncryptionKey: randomBytes(32).toString("base64"),
  };
  writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}

/** TOTP_ENCRYPTION_KEY: comma-separated base64 keys of 32 bytes, newest first. */
export function parseTotpKeys(value: string): [TotpKey, ...TotpKey[]] {
  const keys = value
    .split(",")
    .map((part) => part.trim())
    .filter(Boolean)
    .map((encoded) => {
      const key = Buffer.from(encoded, "base64");
      if (key.length !== 32) {
        throw new ConfigError("TOTP_ENCRYPTION_KEY must hold base64-encoded 32-byte keys (openssl rand -base64 32)");
      }
      // The id is derived from the key so that a ciphertext names the key it needs.
      return { id: createHash("sha256").update(key).digest("hex").slice(0, 8), key };
    });
  const [first, ...rest] = keys;
  if (!first) throw new ConfigError("TOTP_ENCRYPTION_KEY is empty");
  return [first, ...rest];
}

export type DatabaseConfig = Pick<AppConfig, "databaseUrl" | "pgliteDataDir">;

/** Just where the database is: migrations need this, and none of the secrets. */
export function databaseConfig(env: NodeJS.ProcessEnv = process.env): DatabaseConfig {
  const url = env.DATABASE_URL?.trim();
  const dataDir = env.PGLITE_DATA_DIR?.trim();
  return { databaseUrl: url || undefined, pgliteDataDir: dataDir || path.join(DATA_DIR, "pglite") };
}

type EnvVars = z.output<typeof envSchema>;

/**
 * A provider is offered only when all of its variables are set; a provider
 * with some of them is a mistake that start refuses, naming what is missing.
 */
function identityProviders(vars: EnvVars): IdentityProviderConfig[] {
  const providers: IdentityProviderConfig[] = [];
  const offer = (
    id: IdentityProviderId,
    name: string,
    required: Record<string, string | undefined>,
    extra: Partial<IdentityProviderConfig> = {},
  ) => {
    const set = Object.entries(required).filter(([, value]) => value);
    if (set.length === 0) return;
    const missing = Object.keys(required).filter((key) => !required[key]);
    if (missing.length > 0) throw new ConfigError(`${name} sign-in needs ${missing.join(", ")} as well.`);
    const [clientId, clientSecret] = Object.values(required).slice(-2) as [string, string];
    providers.push({ id, name, clientId, clientSecret, ...extra });
  };
  offer("google", "Google", { AUTH_GOOGLE_ID: vars.AUTH_GOOGLE_ID, AUTH_GOOGLE_SECRET: vars.AUTH_GOOGLE_SECRET });
  offer(
    "microsoft-entra-id",
    "Microsoft",
    // The tenant's issuer, required: with Microsoft's multi-tenant `common` one, @auth/core 0.41.3 checks
    // the ID token against an issuer it rewrote back to `common`, and every sign-in fails (nextauthjs/next-auth#13440).
    {
      AUTH_MICROSOFT_ENTRA_ID_ISSUER: vars.AUTH_MICROSOFT_ENTRA_ID_ISSUER,
      AUTH_MICROSOFT_ENTRA_ID_ID: vars.AUTH_MICROSOFT_ENTRA_ID_ID,
      AUTH_MICROSOFT_ENTRA_ID_SECRET: vars.AUTH_MICROSOFT_ENTRA_ID_SECRET,
    },
    { issuer: vars.AUTH_MICROSOFT_ENTRA_ID_ISSUER },
  );
  offer(
    "oidc",
    vars.AUTH_OIDC_NAME ?? "single sign-on",
    { AUTH_OIDC_ISSUER: vars.AUTH_OIDC_ISSUER, AUTH_OIDC_ID: vars.AUTH_OIDC_ID, AUTH_OIDC_SECRET: vars.AUTH_OIDC_SECRET },
    { issuer: vars.AUTH_OIDC_ISSUER },
  );
  return providers;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const details = parsed.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`).join("\n");
    throw new ConfigError(`Invalid configuration:\n${details}`);
  }
  const vars = parsed.data;
  const isProduction = vars.NODE_ENV === "production";

  if (isProduction) {
    const missing = (["APP_URL", "SMTP_URL", "MAIL_FROM", "AUTH_SECRET", "TOTP_ENCRYPTION_KEY"] as const).filter(
      (name) => !vars[name],
    );
    if (missing.length > 0) {
      throw new ConfigError(
        `Production needs ${missing.join(", ")}. See .env.example; mail cannot fall back to the development outbox in production.`,
      );
    }
  }
  const devSecrets = isProduction ? undefined : generatedDevSecrets();
  const authSecret = vars.AUTH_SECRET ?? devSecrets!.authSecret;
  const totpEncryptionKey = vars.TOTP_ENCRYPTION_KEY ?? devSecrets!.totpEncryptionKey;

  const appUrl = (vars.APP_URL ?? "http://localhost:3000").replace(/\/$/, "");
  // next-auth builds every URL (callbacks, redirects) from AUTH_URL, and from the request's Host without
  // it: it is always APP_URL, whatever the environment said (docs/adr/0007-next-auth-with-our-sessions.md).
  env.AUTH_URL = appUrl;

  return {
    isProduction,
    appUrl,
    ...databaseConfig(env),
    smtpUrl: vars.SMTP_URL,
    mailFrom: vars.MAIL_FROM ?? "Acme customer area <no-reply@localhost>",
    authSecret,
    trustedProxyHops: vars.TRUSTED_PROXY_HOPS ?? 0,
    totpKeys: parseTotpKeys(totpEncryptionKey),
    securityEventRetentionDays: vars.SECURITY_EVENT_RETENTION_DAYS ?? 365,
    linkMailsPerClientPerHour: vars.LINK_MAILS_PER_CLIENT_PER_HOUR ?? 10,
    removeExpiredEveryMinutes: vars.REMOVE_EXPIRED_EVERY_MINUTES ?? 10,
    identityProviders: identityProviders(vars),
  };
}

let cached: AppConfig | undefined;

export function config(): AppConfig {
  cached ??= loadConfig();
  return cached;
}
