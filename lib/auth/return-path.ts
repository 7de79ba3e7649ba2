/**
 * Where a sign-in returns the user: the page of the customer area they asked
 * for, and nothing else. Anything that is not a path of this app under
 * /customer-area (another site, `//host`, `/\host`, a scheme, an encoded
 * trick, an oversized value) goes to the customer area's home.
 * Safe in client components: no secrets, no server-only imports.
 */

export const DEFAULT_RETURN_PATH = "/customer-area";
export const RETURN_PATH_MAX_LENGTH = 2048;

/** The request header the app's server sets to the path asked for, overwriting any the client sent (lib/security-headers.ts). */
export const RETURN_PATH_HEADER = "x-return-path";

/** The query parameter of /sign-in that carries it. */
export const RETURN_PATH_PARAM = "next";

const PLACEHOLDER_ORIGIN = "http://app.invalid";

export function safeReturnPath(value: unknown): string {
  if (typeof value !== "string" || value.length === 0 || value.length > RETURN_PATH_MAX_LENGTH) return DEFAULT_RETURN_PATH;
  // Only a path: one leading slash, no backslash (browsers read "/\" as "//"), no control characters or spaces.
  if (!value.startsWith("/") || value.startsWith("//") || /[\\\u0000-\u0020\u007f]/.test(value)) return DEFAULT_RETURN_PATH;
  let url: URL;
  try {
    url = new URL(value, PLACEHOLDER_ORIGIN);
  } catch {
    return DEFAULT_RETURN_PATH;
  }
  if (url.origin !== PLACEHOLDER_ORIGIN) return DEFAULT_RETURN_PATH;
  if (url.pathname !== DEFAULT_RETURN_PATH && !url.pathname.startsWith(`${DEFAULT_RETURN_PATH}/`)) return DEFAULT_RETURN_PATH;
  return `${url.pathname}${url.search}${url.hash}`;
}

/** /sign-in, asking to come back to `path` afterwards (when it is one worth coming back to). */
export function signInPathReturningTo(path: string | null | undefined): string {
  const returnTo = safeReturnPath(path);
  return returnTo === DEFAULT_RETURN_PATH ? "/sign-in" : `/sign-in?${RETURN_PATH_PARAM}=${encodeURIComponent(returnTo)}`;
}
