import "server-only";
import NextAuth from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { redeemSessionTicket, SESSION_MAX_AGE_SECONDS } from "@/lib/auth/sessions";
import { config } from "@/lib/config";

declare module "next-auth" {
  interface User {
    sessionId?: string;
  }
  interface Session {
    sessionId?: string;
  }
}

declare module "@auth/core/jwt" {
  interface JWT {
    sessionId?: string;
  }
}

/**
 * next-auth issues and reads the encrypted session cookie. It never sees a
 * password: the only provider redeems a one-time ticket minted by our own
 * sign-in code after every factor has been checked (lib/auth/sessions.ts).
 */
export const { auth, signIn, signOut } = NextAuth(() => ({
  secret: config().authSecret,
  trustHost: true,
  session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
  pages: { signIn: "/sign-in", error: "/sign-in" },
  providers: [
    Credentials({
      id: "session-ticket",
      credentials: { ticket: {} },
      async authorize(credentials) {
        const ticket = typeof credentials?.ticket === "string" ? credentials.ticket : "";
        const redeemed = await redeemSessionTicket(ticket);
        return redeemed && { id: redeemed.userId, sessionId: redeemed.sessionId };
      },
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      if (user?.sessionId) token.sessionId = user.sessionId;
      return token;
    },
    session({ session, token }) {
      session.sessionId = token.sessionId;
      return session;
    },
  },
}));
