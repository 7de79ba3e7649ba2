/**
 * The one limit on a request's body, for server actions (next.config.ts,
 * serverActions.bodySizeLimit), the sign-in routes (lib/form-route.ts) and
 * every other request (proxy.ts). The largest real form, a password change
 * with two passwords of at most 1,024 characters, is a few KB.
 * No server-only imports: next.config.ts and the browser's forms read it too.
 */
export const MAX_BODY_BYTES = 64 * 1024;

export const TOO_LARGE_MESSAGE = "That is more than a form can send. Nothing was changed.";
