import { defineConfig } from "@playwright/test";

/** Debian's Chromium, with the flags this offline machine needs (ENVIRONMENT.md). */
export const chromiumLaunchOptions = {
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
  ],
};

/** The loopback SMTP server whose mails the tests read over HTTP. */
export function smtpSinkServer(smtpPort: number, mailboxPort: number) {
  return {
    command: "npx tsx tests/support/smtp-sink-server.ts",
    url: `http://127.0.0.1:${mailboxPort}/`,
    env: { SMTP_SINK_PORT: String(smtpPort), SMTP_SINK_HTTP_PORT: String(mailboxPort) },
    reuseExistingServer: false,
    stdout: "ignore" as const,
  };
}

/**
 * "Demo SSO", a real OpenID Connect provider on loopback (tests/support/identity-provider-server.ts),
 * and the variables that make the app offer it as "Continue with Demo SSO". The client's id and
 * secret are fixed test values, never used outside this throw-away pair.
 */
export function identityProvider(providerPort: number, appPort: number) {
  const client = { AUTH_OIDC_ID: "customer-area-e2e", AUTH_OIDC_SECRET: "e2e-demo-sso-client-secret" };
  const issuer = `http://127.0.0.1:${providerPort}`;
  return {
    server: {
      command: "npx tsx tests/support/identity-provider-server.ts",
      url: `${issuer}/.well-known/openid-configuration`,
      env: { ...client, IDENTITY_PROVIDER_PORT: String(providerPort), E2E_APP_PORT: String(appPort) },
      reuseExistingServer: false,
      stdout: "ignore" as const,
    },
    appEnv: { ...client, AUTH_OIDC_ISSUER: issuer, AUTH_OIDC_NAME: "Demo SSO" },
  };
}

/**
 * End-to-end tests in Debian's Chromium against the production build
 * (`npm run build` first; scripts/e2e-server.ts builds if there is none).
 * E2E_DATABASE=postgres runs the same suite on PostgreSQL instead of PGlite.
 * Mail goes to a real SMTP server on loopback (tests/support/smtp-sink-server.ts), and
 * "Continue with Demo SSO" to a real OpenID Connect provider (identityProvider above).
 */
const appPort = Number(process.env.E2E_APP_PORT ?? 3100);
const smtpPort = Number(process.env.SMTP_SINK_PORT ?? 2525);
const mailboxPort = Number(process.env.SMTP_SINK_HTTP_PORT ?? 2526);
const demoSso = identityProvider(Number(process.env.IDENTITY_PROVIDER_PORT ?? 3190), appPort);

export default defineConfig({
  testDir: "tests/e2e",
  fullyParallel: true,
  workers: process.env.CI ? 2 : undefined,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  forbidOnly: !!process.env.CI,
  reporter: process.env.CI ? [["list"]] : [["list"], ["html", { open: "never" }]],
  use: {
    // The app's APP_URL (scripts/e2e-server.ts): localhost, where browsers allow security keys.
    baseURL: `http://localhost:${appPort}`,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: chromiumLaunchOptions,
  },
  webServer: [
    smtpSinkServer(smtpPort, mailboxPort),
    demoSso.server,
    {
      command: "npx tsx scripts/e2e-server.ts",
      url: `http://127.0.0.1:${appPort}/sign-in`,
      timeout: 300_000,
      reuseExistingServer: false,
      env: {
        E2E_APP_PORT: String(appPort),
        SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
        ...demoSso.appEnv,
      },
      stdout: "pipe",
    },
  ],
});
