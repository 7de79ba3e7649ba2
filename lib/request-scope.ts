import "server-only";
import { AsyncLocalStorage } from "node:async_hooks";
import { cookies, headers } from "next/headers";

/**
 * The request lib/ reads its headers and cookies from: Next's (next/headers)
 * for pages, actions and route handlers, or the one the app's server answers
 * itself, without Next.js (lib/served-routes.ts: the sign-in steps). Every
 * module of lib/ goes through these two functions, so a step behaves the same
 * whichever of the two serves it.
 */

export type RequestHeaders = { get(name: string): string | null };

export type CookieSetOptions = {
  httpOnly: boolean;
  secure: boolean;
  sameSite: "strict" | "lax";
  path: string;
  maxAge: number;
};

export type CookieJar = {
  get(name: string): { value: string } | undefined;
  set(name: string, value: string, options: CookieSetOptions): void;
  delete(name: string): void;
};

type RequestScope = { headers: RequestHeaders; cookies: CookieJar };

const servedRequest = new AsyncLocalStorage<RequestScope>();

export async function requestHeaders(): Promise<RequestHeaders> {
  return servedRequest.getStore()?.headers ?? (await headers());
}

export async function cookieJar(): Promise<CookieJar> {
  return servedRequest.getStore()?.cookies ?? (await cookies());
}

/** Runs `work` as the handling of a request the app's server answers itself. */
export function inRequestScope<T>(scope: RequestScope, work: () => Promise<T>): Promise<T> {
  return servedRequest.run(scope, work);
}
