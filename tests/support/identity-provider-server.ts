/**
 * "Demo SSO" (scripts/demo-identity-provider.ts) as a process, for Playwright
 * (started as a webServer beside the app, playwright.config.ts) and for trying
 * a production build against it by hand:
 *
 *   AUTH_OIDC_ID=e2e AUTH_OIDC_SECRET=e2e-secret npx tsx tests/support/identity-provider-server.ts
 *
 * An OpenID Connect issuer at http://127.0.0.1:$IDENTITY_PROVIDER_PORT (3190) with one
 * client, AUTH_OIDC_ID and AUTH_OIDC_SECRET (the app's own variables, so both sides
 * read the same values), whose only redirect URI is the app's callback,
 * http://localhost:$E2E_APP_PORT/api/auth/callback/oidc (3100).
 * Readiness: GET <issuer>/.well-known/openid-configuration.
 */
import { startDemoIdentityProvider } from "@/scripts/demo-identity-provider";

function portFromEnv(name: string, fallback: number): number {
  const value = process.env[name];
  if (value === undefined || value === "") return fallback;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1 || port > 65_535) throw new Error(`${name} must be a TCP port, got "${value}"`);
  return port;
}

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} must be set: the client the app signs in as`);
  return value;
}

const port = portFromEnv("IDENTITY_PROVIDER_PORT", 3190);
const appPort = portFromEnv("E2E_APP_PORT", 3100);
const provider = await startDemoIdentityProvider({
  port,
  clientId: required("AUTH_OIDC_ID"),
  clientSecret: required("AUTH_OIDC_SECRET"),
  redirectUris: [`http://localhost:${appPort}/api/auth/callback/oidc`],
});
console.log(`Demo SSO: ${provider.issuer}, for the app at http://localhost:${appPort}`);

function shutDown(): void {
  void provider.close().finally(() => process.exit(0));
}
process.once("SIGINT", shutDown);
process.once("SIGTERM", shutDown);
