import "server-only";
import { appUrl } from "@/lib/app-origin";
import { PRODUCT_NAME } from "@/lib/product";

/**
 * Who the browser binds a key to: the relying party id is APP_URL's host name
 * and the only origin accepted is APP_URL's (lib/app-origin.ts), never the request's Host header.
 * A key made on a look-alike site (a phishing page) carries that site's origin
 * and RP id hash, and is refused.
 */
export function relyingParty(): { id: string; name: string; origin: string } {
  const url = new URL(appUrl("/"));
  return { id: url.hostname, name: PRODUCT_NAME, origin: url.origin };
}

/** How long a challenge waits for the browser's answer. */
export const WEBAUTHN_CHALLENGE_LIFETIME_MS = 5 * 60 * 1000;
