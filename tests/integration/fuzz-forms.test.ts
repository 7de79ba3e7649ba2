/**
 * A fuzz of every server action and sign-in route, built on the hostile-form
 * sweep: unicode, oversized values, repeated fields, prototype-path names, no
 * fields at all and fields of the wrong kind. Whatever the input, an answer
 * is a result with words or a redirect, never an exception (Next.js would make
 * it a 500), and a route never answers 500.
 */
import { describe, expect, it, vi } from "vitest";
import { PENDING_SIGN_IN_COOKIE } from "@/lib/auth/pending-sign-in";
import { signInWithPassword } from "@/lib/auth/sign-in-with-password";
import { browser } from "@/tests/support/next-request";
import { callAction, everyAction, formRouteModules, hostileForm, signedInAs } from "@/tests/support/server-actions";
import { createSignedInSession, createTwoFactorUser, TEST_CONTEXT } from "@/tests/support/two-factor-fixtures";

vi.mock("next/headers", () => import("@/tests/support/next-request").then((request) => request.nextHeaders));
vi.mock("next/cache", () => import("@/tests/support/next-request").then((request) => request.nextCache));
vi.mock("next/server", (original) => import("@/tests/support/next-request").then((request) => request.nextServer(original)));

type Victim = { id: string; accountId: string; email: string; password: string };

/** Every field name any form of the app sends, so each action meets its own fields too. */
const FIELD_NAMES = [
  "email", "password", "currentPassword", "newPassword", "code", "method", "primaryMethod", "sessionId",
  "trustedBrowserId", "userId", "accountId", "name", "accountName", "keyName", "keyId", "confirmation", "token",
  "next", "provider", "identityId", "secondFactor", "trustBrowser", "response", "required", "from", "step",
];

const MUTATIONS: [string, (victim: Victim) => FormData][] = [
  ["unicode (emoji, right-to-left override, combining marks, a lone surrogate)", (victim) =>
    everyField(victim, (value) => `${value}🙂\u202Egnp.exe\u0301\uD800`)],
  ["values of 70,000 characters", (victim) => everyField(victim, () => "x".repeat(70_000))],
  ["every field twice, with two values", (victim) => {
    const form = hostileForm(victim);
    for (const name of FIELD_NAMES) {
      form.append(name, "first");
      form.append(name, "second");
    }
    return form;
  }],
  ["prototype-path and bracketed names", (victim) => {
    const form = hostileForm(victim);
    for (const name of ["__proto__", "constructor", "prototype", "__proto__[admin]", "constructor[prototype][role]", "email[]", "a.b.c"]) {
      form.append(name, "owner");
    }
    return form;
  }],
  ["no fields at all", () => new FormData()],
  ["a file where text belongs", (victim) => {
    const form = hostileForm(victim);
    for (const name of FIELD_NAMES) form.set(name, new Blob(["%PDF-1.7"], { type: "application/pdf" }), "x.pdf");
    return form;
  }],
  ["JSON and numbers where words belong", () => {
    const form = new FormData();
    for (const name of FIELD_NAMES) form.set(name, name.length % 2 ? '{"$gt":""}' : "-1e309");
    return form;
  }],
];

function everyField(victim: Victim, change: (value: string) => string): FormData {
  const form = hostileForm(victim);
  const changed = new FormData();
  for (const name of new Set([...form.keys(), ...FIELD_NAMES])) changed.set(name, change(String(form.get(name) ?? name)));
  return changed;
}

describe("a fuzz of every action and sign-in route answers in words, never with a 500", () => {
  for (const [label, mutate] of MUTATIONS) {
    it(label, async () => {
      const me = await createTwoFactorUser({ methods: ["totp", "email"] });
      const victim = { ...me.user, password: me.password };
      const started = await signInWithPassword(me.email, me.password, TEST_CONTEXT);
      if (started.kind !== "second-factor-required") throw new Error("expected a pending sign-in");
      signedInAs(await createSignedInSession(me.user.id));
      browser.cookies.set(PENDING_SIGN_IN_COOKIE, started.pendingSignInToken);

      for (const [name, action] of await everyAction()) {
        // callAction rethrows anything but a redirect: an exception fails here with the action's name.
        const answer = await callAction(action, mutate(victim)).catch((error: unknown) => {
          throw new Error(`${name} threw: ${String(error)}`);
        });
        if ("result" in answer) expect(typeof (answer.result as { ok: unknown }).ok, name).toBe("boolean");
      }
      for (const [path, load] of Object.entries(formRouteModules)) {
        const { POST } = await load();
        if (!POST) continue;
        // Encoded whole first, as a browser's request arrives: a FormData body streams itself into the
        // request, and Node 24's undici rejects, unhandled, when a step stops reading a body past the limit.
        const encoded = new Response(mutate(victim));
        const headers = { accept: "application/json", "content-type": encoded.headers.get("content-type") ?? "" };
        const response = await POST(new Request("http://localhost:3000/", { method: "POST", body: await encoded.arrayBuffer(), headers }));
        expect(response.status, path).toBeLessThan(500);
        expect(typeof (await response.json()).ok, path).toBe("boolean");
      }
    });
  }
});
