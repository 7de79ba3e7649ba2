/**
 * Every input has a maximum length and bad input gets a clear message, never
 * a 500: a NUL (which PostgreSQL refuses in text) or another control
 * character in any field of any server action or sign-in route is a field
 * error, answered before the schema or the database sees it.
 */
import { describe, expect, it, vi } from "vitest";
import { PENDING_SIGN_IN_COOKIE } from "@/lib/auth/pending-sign-in";
import { signInWithPassword } from "@/lib/auth/sign-in-with-password";
import { CONTROL_CHARACTER_MESSAGE } from "@/lib/server-action";
import { browser } from "@/tests/support/next-request";
import { callAction, databaseState, everyAction, formRouteModules, hostileForm, signedInAs } from "@/tests/support/server-actions";
import { createSignedInSession, createTwoFactorUser, TEST_CONTEXT } from "@/tests/support/two-factor-fixtures";

vi.mock("next/headers", () => import("@/tests/support/next-request").then((request) => request.nextHeaders));
vi.mock("next/cache", () => import("@/tests/support/next-request").then((request) => request.nextCache));
vi.mock("next/server", (original) => import("@/tests/support/next-request").then((request) => request.nextServer(original)));

/** The hostile form with `character` inside every field's value. */
function withCharacter(form: FormData, character: string): FormData {
  const poisoned = new FormData();
  for (const [name, value] of form.entries()) poisoned.set(name, `${String(value).slice(0, 3)}${character}${String(value).slice(3)}`);
  // The names of people, accounts and keys, where a NUL used to reach PostgreSQL.
  for (const name of ["accountName", "keyName", "confirmation"]) poisoned.set(name, `Acme${character}`);
  return poisoned;
}

describe("a control character in any field is a field error, never a 500, and changes nothing", () => {
  for (const [label, character] of [
    ["NUL", "\u0000"],
    ["a bell", "\u0007"],
    ["DEL", "\u007f"],
  ] as const) {
    it(`${label}: every server action and sign-in route answers with the field's error`, async () => {
      const me = await createTwoFactorUser({ methods: ["totp", "email"] });
      const started = await signInWithPassword(me.email, me.password, TEST_CONTEXT);
      if (started.kind !== "second-factor-required") throw new Error("expected a pending sign-in");
      signedInAs(await createSignedInSession(me.user.id));
      browser.cookies.set(PENDING_SIGN_IN_COOKIE, started.pendingSignInToken);
      const before = await databaseState();

      for (const [name, action] of await everyAction()) {
        const answer = await callAction(action, withCharacter(hostileForm({ ...me.user, password: me.password }), character));
        // An action that takes no fields (sign out) may still redirect; none may throw or change anything.
        if (!("result" in answer)) continue;
        const result = answer.result as { ok: boolean; fieldErrors?: Record<string, string[]> };
        expect(result.ok, name).toBe(false);
        expect(Object.values(result.fieldErrors ?? {}).flat(), name).toContain(CONTROL_CHARACTER_MESSAGE);
      }
      for (const [path, load] of Object.entries(formRouteModules)) {
        const { POST } = await load();
        if (!POST) continue;
        const fields = new URLSearchParams();
        for (const [name, value] of withCharacter(hostileForm({ ...me.user, password: me.password }), character)) fields.append(name, String(value));
        const response = await POST(new Request("http://localhost:3000/", { method: "POST", body: fields, headers: { accept: "application/json" } }));
        expect(response.status, path).toBe(200);
        expect(Object.values((await response.json()).fieldErrors ?? {}).flat(), path).toContain(CONTROL_CHARACTER_MESSAGE);
      }
      expect(await databaseState()).toEqual(before);
    });
  }
});
