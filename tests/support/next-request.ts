/**
 * The request around a server action or route, simulated as Next.js would
 * give it: next/headers (the headers, and the browser's cookies), next/cache,
 * and next/server's `after`, whose work waits until the test runs it.
 *
 * A test file declares the mocks itself, so that Vitest hoists them above
 * every import (a vi.mock in this module would register only once this module
 * is evaluated, and an app module imported earlier keeps the real next/headers):
 *
 *   vi.mock("next/headers", () => import("@/tests/support/next-request").then((request) => request.nextHeaders));
 *   vi.mock("next/cache", () => import("@/tests/support/next-request").then((request) => request.nextCache));
 *   vi.mock("next/server", (original) => import("@/tests/support/next-request").then((request) => request.nextServer(original)));
 */
import { beforeEach, vi } from "vitest";

export const APP_ORIGIN = "http://localhost:3000";

/** The simulated browser: its cookies and its Origin header, and the work left for `after`. Reset before each test. */
export const browser = {
  cookies: new Map<string, string>(),
  /** The Origin header the browser sends; null for a request without one. */
  origin: APP_ORIGIN as string | null,
  /** What the action left for `after` its answer. */
  deferred: [] as (() => Promise<void>)[],
};

export const nextHeaders = {
  headers: async () =>
    new Headers({
      "user-agent": "Vitest",
      "x-forwarded-for": "203.0.113.5",
      ...(browser.origin === null ? {} : { origin: browser.origin }),
      // next-auth reads the cookies from the header (auth(), signIn, signOut).
      ...(browser.cookies.size === 0
        ? {}
        : { cookie: [...browser.cookies].map(([name, value]) => `${name}=${encodeURIComponent(value)}`).join("; ") }),
    }),
  cookies: async () => ({
    get: (name: string) => (browser.cookies.has(name) ? { name, value: browser.cookies.get(name)! } : undefined),
    has: (name: string) => browser.cookies.has(name),
    getAll: () => [...browser.cookies].map(([name, value]) => ({ name, value })),
    set: (name: string, value: string) => void browser.cookies.set(name, value),
    delete: (name: string) => void browser.cookies.delete(name),
  }),
};

export const nextCache = { revalidatePath: vi.fn(), revalidateTag: vi.fn() };

/** next/server as it is, but `after` keeps the work for runDeferred(). */
export async function nextServer(original: () => Promise<object>) {
  return { ...(await original()), after: (work: () => Promise<void>) => void browser.deferred.push(work) };
}

beforeEach(() => {
  browser.cookies.clear();
  browser.origin = APP_ORIGIN;
  browser.deferred.length = 0;
  vi.spyOn(console, "info").mockImplementation(() => {});
});

/** Runs what the action left for after its answer, as Next.js would once the response is sent. */
export async function runDeferred(): Promise<void> {
  for (const work of browser.deferred.splice(0)) await work();
}
