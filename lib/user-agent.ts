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

/** Labels of user agents seen lately: a page lists the same few browsers again and again (bowser takes about 15 µs a string). */
const labels = new Map<string, string>();
const LABELS_KEPT = 500;

/** "Chrome on Linux", for lists and the activity table; the raw string belongs in a title attribute. */
export function browserLabel(userAgent: string | null): string {
  const known = userAgent === null ? undefined : labels.get(userAgent);
  if (known) return known;
  const { browser, system } = describeUserAgent(userAgent);
  const label = !browser && !system ? "Unknown browser" : `${browser ?? "A browser"} on ${system ?? "an unknown system"}`;
  if (userAgent === null) return label;
  // The oldest goes first, so a client sending a new user agent with every request cannot grow this.
  if (labels.size >= LABELS_KEPT) labels.delete(labels.keys().next().value!);
  labels.set(userAgent, label);
  return label;
}
