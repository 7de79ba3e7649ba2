/**
 * The Demo SSO provider as a client sees it: discovery, the login and consent
 * pages, the code exchange, and an ID token checked against the provider's JWKS.
 * In the unit project: it needs no database, only loopback HTTP.
 */
import { createHash, randomBytes } from "node:crypto";
import { createRemoteJWKSet, jwtVerify } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDemoIdentityProvider, type DemoIdentityProvider } from "@/scripts/demo-identity-provider";
import { authorizeAtProvider } from "@/tests/support/identity-provider";

const CLIENT_ID = "demo-app";
const CLIENT_SECRET = "demo-secret with spaces:and+signs";
const REDIRECT_URI = "http://localhost:3000/api/auth/callback/oidc";

type Discovery = { issuer: string; authorization_endpoint: string; token_endpoint: string; jwks_uri: string };

let provider: DemoIdentityProvider;
let discovery: Discovery;

beforeAll(async () => {
  provider = await startDemoIdentityProvider({ port: 0, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, redirectUris: [REDIRECT_URI] });
  discovery = (await (await fetch(`${provider.issuer}/.well-known/openid-configuration`)).json()) as Discovery;
});

afterAll(() => provider.close());

/** Auth.js's part: an authorization request with state, nonce and PKCE, the pages, then the code exchange. */
async function signIn(email: string, clientAuth: "client_secret_basic" | "client_secret_post" = "client_secret_basic") {
  const state = randomBytes(16).toString("base64url");
  const nonce = randomBytes(16).toString("base64url");
  const codeVerifier = randomBytes(32).toString("base64url");
  const authorizationUrl = new URL(discovery.authorization_endpoint);
  authorizationUrl.search = new URLSearchParams({
    client_id: CLIENT_ID,
    redirect_uri: REDIRECT_URI,
    response_type: "code",
    scope: "openid email profile",
    state,
    nonce,
    code_challenge: createHash("sha256").update(codeVerifier).digest("base64url"),
    code_challenge_method: "S256",
  }).toString();

  const callback = new URL(await authorizeAtProvider(authorizationUrl.href, email));
  expect(callback.origin + callback.pathname).toBe(REDIRECT_URI);
  expect(callback.searchParams.get("state")).toBe(state);
  const code = callback.searchParams.get("code");
  expect(code, callback.search).toBeTruthy();

  const body = new URLSearchParams({ grant_type: "authorization_code", code: code!, redirect_uri: REDIRECT_URI, code_verifier: codeVerifier });
  const headers: Record<string, string> = {};
  if (clientAuth === "client_secret_post") {
    body.set("client_id", CLIENT_ID);
    body.set("client_secret", CLIENT_SECRET);
  } else {
    // RFC 6749 §2.3.1: each part form-encoded before base64.
    const credentials = `${encodeURIComponent(CLIENT_ID)}:${encodeURIComponent(CLIENT_SECRET)}`;
    headers.authorization = `Basic ${Buffer.from(credentials).toString("base64")}`;
  }
  const response = await fetch(discovery.token_endpoint, { method: "POST", body, headers });
  const tokens = (await response.json()) as { id_token?: string };
  expect(response.status, JSON.stringify(tokens)).toBe(200);
  return { idToken: tokens.id_token!, nonce };
}

function verifyIdToken(idToken: string) {
  return jwtVerify(idToken, createRemoteJWKSet(new URL(discovery.jwks_uri)), { issuer: provider.issuer, audience: CLIENT_ID });
}

describe("Demo SSO identity provider", () => {
  it("signs a person in through its login and consent pages and issues a signed ID token with their email", async () => {
    expect(discovery.issuer).toBe(provider.issuer);
    const { idToken, nonce } = await signIn("  Alice@Example.com ");

    const { payload, protectedHeader } = await verifyIdToken(idToken);
    expect(protectedHeader.alg).toBe("RS256");
    expect(payload).toMatchObject({ iss: provider.issuer, aud: CLIENT_ID, nonce, email: "alice@example.com", email_verified: true, name: "alice" });
    const expectedSub = `demo-${createHash("sha256").update("alice@example.com").digest("hex").slice(0, 24)}`;
    expect(payload.sub).toBe(expectedSub);
  });

  it("says email_verified false for an address whose local part starts with unverified (client_secret_post)", async () => {
    const { idToken } = await signIn("unverified-bob@example.com", "client_secret_post");
    const { payload } = await verifyIdToken(idToken);
    expect(payload).toMatchObject({ email: "unverified-bob@example.com", email_verified: false });
  });

  it("re-signs ID tokens with tampered claims while asked to, with its own key", async () => {
    provider.tamperIdTokens({ nonce: "other" });
    try {
      const { idToken, nonce } = await signIn("carol@example.com");
      const { payload } = await verifyIdToken(idToken);
      expect(payload.nonce).toBe("other");
      expect(nonce).not.toBe("other");

      provider.tamperIdTokens({ iss: "http://127.0.0.1:1" });
      const { idToken: wrongIssuer } = await signIn("carol@example.com");
      await expect(verifyIdToken(wrongIssuer)).rejects.toThrow(/unexpected "iss" claim value/);
    } finally {
      provider.tamperIdTokens(null);
    }
    const { idToken, nonce } = await signIn("carol@example.com");
    expect((await verifyIdToken(idToken)).payload.nonce).toBe(nonce);
  });
});
