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
  webauthn: {
    label: "Security key or passkey",
    name: "Security key or passkey",
    inSentence: "a security key or passkey",
    description:
      "A security key (such as a YubiKey) or a passkey on your phone or computer. Your browser only offers it to this site, so a fake sign-in page cannot use it.",
    fromNowOn: "From now on, signing in can ask for that security key or passkey.",
  },
};

/** The methods the article describes: a 6-digit code typed into one field. */
export const CODE_METHODS = ["totp", "email"] as const satisfies readonly TwoFactorMethodType[];
export type CodeMethodType = (typeof CODE_METHODS)[number];

export function isCodeMethod(type: TwoFactorMethodType): type is CodeMethodType {
  return (CODE_METHODS as readonly TwoFactorMethodType[]).includes(type);
}

/**
 * Only the article's methods on: its rule "you must have both methods active"
 * is then exactly "another method stays active", and is said in its words.
 */
export function onlyArticleMethods(active: readonly TwoFactorMethodType[]): boolean {
  return active.every(isCodeMethod);
}

/** Every method, in the order the page lists them (the enum's order). */
export const TWO_FACTOR_METHODS = Object.values(TwoFactorMethodType);

export const twoFactorMethodSchema = z.enum(TwoFactorMethodType, { message: "Choose a method." });

/** A method answered with a 6-digit code (the sign-in code form, the password reset). */
export const codeMethodSchema = z.enum(CODE_METHODS, { message: "Choose a method." });

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
