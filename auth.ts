import "server-only";
import NextAuth, { type NextAuthConfig } from "next-auth";
import { decode as decodeAuthJsCookie, encode as encodeAuthJsCookie } from "next-auth/jwt";
import { CREDENTIALS_PROVIDERS } from "@/lib/auth/credentials-providers";
import { type ActiveSession, findActiveSession, revokeSession } from "@/lib/auth/sessions";
import { sessionCookie } from "@/lib/auth/sign-in-cookies";
import { serializeActiveSession, type SerializedActiveSession } from "@/lib/auth/serialized-session";
import { SESSION_MAX_AGE_SECONDS } from "@/lib/auth/sessions";
import { config } from "@/lib/config";
import { authJsIdentityProviders } from "@/lib/identity-providers/providers";
import { answerProviderCallback } from "@/lib/identity-providers/provider-callback";
import { safeReturnPath } from "@/lib/auth/return-path";

/**
 * next-auth (Auth.js v5) is the sign-in layer: every sign-in, with the
 * password (Credentials), a second factor, sign-up or an identity provider
 * (Google, Microsoft Entra ID, one OpenID Connect issuer), runs through it,
 * and so does sign-out. docs/adr/0007-next-auth-with-our-sessions.md says why it is set up so.
 *
 * - Sessions stay ours. The `jwt` strategy's encode/decode hooks write and
 *   read *our* opaque session token, never a JWT: the cookie holds a random
 *   token, the database its keyed hash, and every request checks the row
 *   (lib/auth/sessions.ts), so Sessions, Sign out other sessions, a password
 *   change and an owner's reset end sessions on every instance, and nothing
 *   derives a key per request. (Auth.js's database strategy refuses Credentials.)
 * - Every URL Auth.js builds comes from AUTH_URL, which lib/config.ts sets to
 *   APP_URL; proxy.ts refuses any other Host or X-Forwarded-Host in production.
 * - PKCE, state and nonce are checked for every identity provider.
 */

declare module "next-auth" {
  interface User {
    /** Set when the sign-in created a session: the token the session cookie holds. */
    sessionToken?: string;
  }
  interface Session {
    /** The signed-in session, as lib/auth/current-session.ts reads it. */
    active?: SerializedActiveSession;
  }
}

declare module "@auth/core/jwt" {
  interface JWT {
    /** The cookie's opaque token (lib/auth/sessions.ts). */
    sessionToken?: string;
    /** The live session behind it, read once per request by `decode`; missing when it has ended. */
    active?: ActiveSession;
  }
}

function authConfig(): NextAuthConfig {
  const session = sessionCookie();
  const isSessionCookie = (salt: string) => salt === session.name;
  return {
    secret: config().authSecret,
    trustHost: true,
    basePath: "/api/auth",
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
    cookies: {
      sessionToken: { name: session.name, options: { ...session.options, maxAge: undefined } },
    },
    jwt: {
      // The session cookie holds our token as it is. Other cookies (the OAuth
      // state, PKCE verifier and nonce, during a provider's sign-in) stay Auth.js's own.
      async encode(params) {
        if (!isSessionCookie(params.salt)) return encodeAuthJsCookie(params);
        return params.token?.sessionToken ?? "";
      },
      async decode(params) {
        if (!isSessionCookie(params.salt)) return decodeAuthJsCookie(params);
        const active = params.token ? await findActiveSession(params.token) : null;
        return active ? { sessionToken: params.token, active } : {};
      },
    },
    providers: [...CREDENTIALS_PROVIDERS, ...authJsIdentityProviders()],
    callbacks: {
      /** Credentials providers decided in `authorize`; an identity provider's answer is ours to judge. */
      async signIn({ user, account, profile }) {
        if (!account || account.type === "credentials") return true;
        return answerProviderCallback({ user, account, profile });
      },
      /** Only the sign-in that created a session gets a cookie; an ended session loses its cookie. */
      async jwt({ token, user }) {
        if (user) return user.sessionToken ? { sessionToken: user.sessionToken } : null;
        return token.active ? token : null;
      },
      async session({ session, token }) {
        return {
          expires: session.expires,
          user: token.active ? { id: token.active.userId, email: token.active.user.email, name: token.active.user.name } : undefined,
          active: token.active ? serializeActiveSession(token.active) : undefined,
        } as typeof session;
      },
      /** Only paths of the customer area: never another site, whatever a callback URL says. */
      async redirect({ url, baseUrl }) {
        const path = url.startsWith(baseUrl) ? url.slice(baseUrl.length) : url;
        return `${baseUrl}${path.startsWith("/sign-in") || path.startsWith("/sign-up") ? path : safeReturnPath(path)}`;
      },
    },
    events: {
      /** Sign out ends the row, so a copied cookie dies with it on every instance. */
      async signOut(message) {
        const active = "token" in message ? message.token?.active : undefined;
        if (active) await revokeSession(active.id);
      },
    },
    pages: { signIn: "/sign-in", error: "/sign-in" },
    logger: {
      // A wrong password is an answer, not an error (the form shows it).
      error(error) {
        // By its `type`: a production build minifies class names, so `name` does not say it.
        if ((error as { type?: string }).type !== "CredentialsSignin") console.error(error);
      },
      warn(code) {
        console.warn(`Auth.js: ${code}`);
      },
      debug() {},
    },
  };
}

let built: NextAuthConfig | undefined;

/** Built on first use, not at import: `next build` imports this without the production configuration. */
export const { handlers, auth, signIn, signOut } = NextAuth(() => (built ??= authConfig()));
