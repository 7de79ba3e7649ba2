import { z } from "zod";
import { TwoFactorMethodType } from "@/lib/generated/prisma/enums";

/**
 * The one registry of second-factor methods: their order on screen and every
 * word said about them. Everything here derives from the Prisma enum, and the
 * `Record` makes a new enum member a type error here until it has its words.
 * Safe in client components: no secrets, no server-only imports.
 */

export type MethodWords = {
  /** The help article's row name, also the switch's accessible name: "Authentication app". */
  label: string;
  /** In notices, activity and mail subjects: "Authentication app turned on". */
  name: string;
  /** Inside a sentence: "... set to the authentication app". */
  inSentence: string;
  /** Under the row title on Security and access. */
  description: string;
  /** What the "turned on" mail adds about signing in from now on. */
  fromNowOn: string;
};

export const METHOD_WORDS: Record<TwoFactorMethodType, MethodWords> = {
  totp: {
    label: "Authentication app",
    name: "Authentication app",
    inSentence: "the authentication app",
    description:
      "A 6-digit code from an app on your phone, such as Google Authenticator or Microsoft Authenticator. Works offline.",
    fromNowOn: "From now on, signing in can ask for a 6-digit verification code from that app.",
  },
  email: {
    label: "Email",
    name: "Email verification",
    inSentence: "email verification",
    description: "A 6-digit code sent to your email address when you sign in.",
    fromNowOn: "From now on, signing in can ask for a code sent to this address.",
  },
};

/** Every method, in the order the page lists them (the enum's order). */
export const TWO_FACTOR_METHODS = Object.values(TwoFactorMethodType);

export const twoFactorMethodSchema = z.enum(TwoFactorMethodType, { message: "Choose a method." });

/** What the page shows of one method of the signed-in user. */
export type MethodState = { type: TwoFactorMethodType; active: boolean; primary: boolean };

/**
 * The order in which sign-in offers the user's active methods: the primary
 * first (the article: the primary method is the one asked for), then the rest
 * in the page's order. A primary that is no longer active is ignored.
 */
export function methodsInSignInOrder(
  active: readonly TwoFactorMethodType[],
  primary: TwoFactorMethodType | null,
): TwoFactorMethodType[] {
  const listed = TWO_FACTOR_METHODS.filter((type) => active.includes(type));
  return primary && listed.includes(primary) ? [primary, ...listed.filter((type) => type !== primary)] : listed;
}

export type { TwoFactorMethodType };
