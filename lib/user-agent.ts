import "server-only";
import Bowser from "bowser";

export type BrowserDescription = { browser: string | null; system: string | null };

/**
 * Which browser and operating system a user agent names, read with bowser (a
 * maintained parser: user agents change faster than hand-written patterns).
 * Parts it cannot tell are null; a user agent is whatever the client sent, so
 * this only ever describes, it never decides anything.
 */
export function describeUserAgent(userAgent: string | null): BrowserDescription {
  if (!userAgent?.trim()) return { browser: null, system: null };
  const { browser, os } = Bowser.parse(userAgent);
  return { browser: browser.name || null, system: os.name || null };
}

/** "Chrome on Linux", for lists and the activity table; the raw string belongs in a title attribute. */
export function browserLabel(userAgent: string | null): string {
  const { browser, system } = describeUserAgent(userAgent);
  if (!browser && !system) return "Unknown browser";
  return `${browser ?? "A browser"} on ${system ?? "an unknown system"}`;
}
