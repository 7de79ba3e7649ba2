/**
 * "Demo SSO": a real OpenID Connect identity provider (panva's oidc-provider) on
 * 127.0.0.1, for `npm run dev` (scripts/dev.ts) and for the integration and
 * Playwright tests. Development and tests only: the app never imports it, so it is
 * never part of the production build (oidc-provider is a devDependency).
 *
 * A person signs in on oidc-provider's own development pages with any login (an
 * email address) and any password, then consents. Everything lives in memory and
 * is gone when the process ends: signing key, cookie keys, sessions, codes.
 */
import { createHash, randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { decodeJwt, exportJWK, generateKeyPair, SignJWT } from "jose";
// @ts-expect-error -- oidc-provider ships no type declarations; the little used here is typed below.
import UntypedProvider from "oidc-provider";

export type DemoIdentityProviderOptions = {
  /** 0 = any free port. The provider listens on 127.0.0.1 only. */
  port: number;
  clientId: string;
  clientSecret: string;
  /** e.g. ["http://localhost:3000/api/auth/callback/oidc"]; all on one host and port (see `subjectTypes` below). */
  redirectUris: string[];
};

export type DemoIdentityProvider = {
  /** "http://127.0.0.1:<port>" */
  issuer: string;
  /** For tests: the next ID tokens issued are re-signed with these claims changed (nonce, iss, ...), until cleared with null. */
  tamperIdTokens(claims: Record<string, unknown> | null): void;
  close(): Promise<void>;
};

/** The part of oidc-provider's Koa context that the token middleware reads and writes. */
type KoaContext = { path: string; status: number; body: unknown };
type Provider = {
  use(middleware: (ctx: KoaContext, next: () => Promise<void>) => Promise<void>): void;
  callback(): http.RequestListener;
};
const Provider: new (issuer: string, configuration: Record<string, unknown>) => Provider = UntypedProvider;

const SIGNING_KID = "demo-sso-rs256";

/** The login is the person's email address, as typed. */
function emailOf(login: string): string {
  return login.trim().toLowerCase();
}

/** A stable subject for the email address, the same however its login was typed. */
function subjectOf(login: string): string {
  return `demo-${createHash("sha256").update(emailOf(login)).digest("hex").slice(0, 24)}`;
}

function claimsOf(login: string) {
  const email = emailOf(login);
  const localPart = email.split("@")[0] ?? email;
  // email_verified false lets tests (and curious newcomers) sign in with an address the provider has not verified.
  return { email, email_verified: !localPart.startsWith("unverified"), name: localPart };
}

export async function startDemoIdentityProvider(options: DemoIdentityProviderOptions): Promise<DemoIdentityProvider> {
  // A pairwise client on several hosts would need a sector_identifier_uri, and fail only at its first sign-in.
  const redirectHosts = new Set(options.redirectUris.map((uri) => new URL(uri).host));
  if (redirectHosts.size !== 1) throw new Error(`Demo SSO: the redirect URIs must share one host and port, got ${[...redirectHosts].join(", ") || "none"}`);

  const { privateKey } = await generateKeyPair("RS256", { extractable: true });
  const signingJwk = { ...(await exportJWK(privateKey)), kid: SIGNING_KID, alg: "RS256", use: "sig" };

  // Listen first: with port 0 the issuer, which the provider needs at construction, is known only now.
  const server = http.createServer();
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, "127.0.0.1", () => resolve());
  });
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  // Cookies are marked Secure only on https requests, so plain http on loopback works as is.
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: options.clientId,
        client_secret: options.clientSecret,
        redirect_uris: options.redirectUris,
        response_types: ["code"],
        grant_types: ["authorization_code"],
        // A client registered for client_secret_basic may also send client_secret_post.
        token_endpoint_auth_method: "client_secret_basic",
      },
    ],
    clientAuthMethods: ["client_secret_basic", "client_secret_post"],
    responseTypes: ["code"],
    scopes: ["openid", "email", "profile"],
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"] },
    // By default (OIDC Core) a code flow's ID token carries only `sub`; Auth.js reads the profile from it.
    conformIdTokenClaims: false,
    features: { devInteractions: { enabled: true } },
    // The login page accepts any login, and the login becomes the accountId, unchanged: grants are bound to it.
    async findAccount(_ctx: unknown, accountId: string) {
      return { accountId, claims: async () => claimsOf(accountId) };
    },
    // oidc-provider always issues the accountId as `sub`, except for a pairwise client, whose `sub`
    // comes from this documented hook: here, derived from the email alone.
    subjectTypes: ["pairwise"],
    async pairwiseIdentifier(_ctx: unknown, accountId: string) {
      return subjectOf(accountId);
    },
    jwks: { keys: [signingJwk] },
    cookies: { keys: [randomBytes(32).toString("base64url")] },
    // Explicit lifetimes, which also spares the console a notice per default.
    ttl: { AccessToken: 3600, AuthorizationCode: 60, IdToken: 3600, Interaction: 3600, Grant: 86_400, Session: 86_400 },
  });

  let tamperedClaims: Record<string, unknown> | null = null;
  provider.use(async (ctx, next) => {
    await next();
    const body = ctx.body as { id_token?: unknown } | undefined;
    if (!tamperedClaims || ctx.path !== "/token" || ctx.status !== 200 || typeof body?.id_token !== "string") return;
    const payload = { ...decodeJwt(body.id_token), ...tamperedClaims };
    const idToken = await new SignJWT(payload).setProtectedHeader({ alg: "RS256", kid: SIGNING_KID }).sign(privateKey);
    ctx.body = { ...body, id_token: idToken };
  });
  server.on("request", provider.callback());

  return {
    issuer,
    tamperIdTokens(claims) {
      tamperedClaims = claims;
    },
    close() {
      return new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
    },
  };
}
