/**
 * The sign-in steps as production serves them: answered by the app's server
 * itself (lib/form-route.ts, lib/served-routes.ts), not by Next.js. A real
 * HTTP server on loopback dispatches as scripts/server.ts does; the requests
 * are real ones, with the browser's cookies carried from answer to answer.
 */
import http from "node:http";
import net from "node:net";
import type { AddressInfo } from "node:net";
import { ResponseCookies } from "next/dist/compiled/@edge-runtime/cookies";
import { redirect } from "next/navigation";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { cookieOptions } from "@/lib/auth/cookie-options";
import { PENDING_SIGN_IN_COOKIE, PENDING_SIGN_IN_LIFETIME_MS } from "@/lib/auth/pending-sign-in";
import { findActiveSession, SESSION_MAX_AGE_SECONDS } from "@/lib/auth/sessions";
import { SIGN_IN_STEPS } from "@/lib/auth/sign-in-steps";
import { formRoute, serveFormRoutes } from "@/lib/form-route";
import { readSessionCookie, startSession } from "@/lib/auth/sign-in-cookies";
import { cookieJar } from "@/lib/request-scope";
import { FOREIGN_ORIGIN_MESSAGE, publicAction } from "@/lib/server-action";
import { servedRoute } from "@/lib/served-routes";
import { noInputSchema } from "@/lib/validations/two-factor";
import { createTestUser } from "@/tests/support/create-test-user";
import { createTwoFactorUser, sessionCount, totpCodeAt } from "@/tests/support/two-factor-fixtures";

const APP_ORIGIN = "http://localhost:3000";

type Answer = { status: number; headers: http.IncomingHttpHeaders; body: string };

let server: http.Server;
let port: number;

const SECURE_COOKIE = { httpOnly: true, secure: true, sameSite: "lax", path: "/", maxAge: 60 } as const;

/** Steps that only this test registers: one that sets a cookie and then fails unexpectedly, one that echoes a cookie. */
const TEST_STEPS = {
  "/test/fails-after-a-cookie": publicAction(noInputSchema, async () => {
    await startSession({ userId: "00000000-0000-0000-0000-000000000000", sessionToken: "half-done" });
    throw new Error("the database went away");
  }),
  "/test/reads-the-session-cookie": publicAction(noInputSchema, async () => ({ ok: true, read: (await readSessionCookie()) ?? "" })),
  // What startSession writes when APP_URL is https (cookieOptions and hostCookieName: tests/unit/security-headers.test.ts).
  "/test/sets-a-secure-cookie": publicAction(noInputSchema, async () => {
    (await cookieJar()).set("__Host-session", "token", SECURE_COOKIE);
    return { ok: true };
  }),
  "/test/redirects-after-a-cookie": publicAction(noInputSchema, async () => {
    (await cookieJar()).set("sign_in_return_path", "/customer-area", { ...SECURE_COOKIE, secure: false, sameSite: "strict" });
    redirect("/sign-in?ended=1");
  }),
};

beforeAll(async () => {
  serveFormRoutes({ ...SIGN_IN_STEPS, ...TEST_STEPS });
  server = http.createServer((request, response) => {
    const route = servedRoute(request.method, request.url);
    if (route) void route(request, response);
    else response.writeHead(404).end("handed to Next.js");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

function send(path: string, options: { method?: string; headers?: http.OutgoingHttpHeaders; body?: string | Buffer; chunks?: Buffer[] }): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const request = http.request({ host: "127.0.0.1", port, path, method: options.method ?? "POST", headers: options.headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks).toString("utf8") }));
    });
    request.on("error", reject);
    for (const chunk of options.chunks ?? []) request.write(chunk);
    request.end(options.body);
  });
}

/** A browser: its cookies go with each request and follow what each answer sets. */
class Browser {
  readonly cookies = new Map<string, string>();

  async post(path: string, fields: Record<string, string>, { origin = APP_ORIGIN as string | null } = {}) {
    const headers: http.OutgoingHttpHeaders = { "content-type": "application/x-www-form-urlencoded", "user-agent": "Vitest browser" };
    if (origin) headers.origin = origin;
    if (this.cookies.size > 0) headers.cookie = [...this.cookies].map(([name, value]) => `${name}=${encodeURIComponent(value)}`).join("; ");
    const answer = await send(path, { headers, body: new URLSearchParams(fields).toString() });
    for (const cookie of answer.headers["set-cookie"] ?? []) {
      const [pair = ""] = cookie.split(";");
      const name = pair.slice(0, pair.indexOf("="));
      const value = decodeURIComponent(pair.slice(pair.indexOf("=") + 1));
      if (/Expires=Thu, 01 Jan 1970/.test(cookie) || /Max-Age=0(;|$)/.test(cookie)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return { ...answer, json: (answer.body ? JSON.parse(answer.body) : undefined) as Record<string, unknown> };
  }
}

function setCookie(answer: Answer, name: string): string | undefined {
  return answer.headers["set-cookie"]?.find((cookie) => cookie.startsWith(`${name}=`));
}

/** As Next.js writes the same cookie (its ResponseCookies), with the clock-dependent Expires left out. */
function asNextWritesIt(name: string, value: string, options: ReturnType<typeof cookieOptions>): string {
  const headers = new Headers();
  new ResponseCookies(headers).set(name, value, options);
  return withoutExpires(headers.get("set-cookie")!);
}

function withoutExpires(cookie: string): string {
  return cookie.replace(/; Expires=[^;]+/, "");
}

describe("the app's server answers the sign-in steps as Next.js would", () => {
  it("a right password without 2FA: a live session in a cookie written exactly as Next.js writes it", async () => {
    const { user, email, password } = await createTestUser();
    const browser = new Browser();

    const answer = await browser.post("/sign-in/password", { email, password, next: "/customer-area/security" });

    expect(answer.status).toBe(200);
    expect(answer.headers["cache-control"]).toBe("no-store");
    expect(answer.json).toEqual({ ok: true, next: "/customer-area/security" });
    const token = browser.cookies.get("session")!;
    expect((await findActiveSession(token))?.user.id).toBe(user.id);
    const written = setCookie(answer, "session")!;
    expect(written).toMatch(/; Expires=/);
    expect(withoutExpires(written)).toBe(
      asNextWritesIt("session", token, cookieOptions({ maxAgeSeconds: SESSION_MAX_AGE_SECONDS, sameSite: "lax" })),
    );
  });

  it("with the authentication app: a pending sign-in (Strict), then the code step signs in, forgets it and returns to the page asked for", async () => {
    const { user, email, password, totpSecret } = await createTwoFactorUser({ methods: ["totp"] });
    const browser = new Browser();

    const first = await browser.post("/sign-in/password", { email, password, next: "/customer-area/security" });
    expect(first.json).toEqual({ ok: true, next: "/sign-in/verify" });
    expect(browser.cookies.has("session")).toBe(false);
    const pending = browser.cookies.get(PENDING_SIGN_IN_COOKIE)!;
    const lifetime = { maxAgeSeconds: Math.ceil(PENDING_SIGN_IN_LIFETIME_MS / 1000), sameSite: "strict" } as const;
    expect(withoutExpires(setCookie(first, PENDING_SIGN_IN_COOKIE)!)).toBe(asNextWritesIt(PENDING_SIGN_IN_COOKIE, pending, cookieOptions(lifetime)));

    const second = await browser.post("/sign-in/verify/code", { method: "totp", code: totpCodeAt(totpSecret, new Date()) });

    expect(second.json).toEqual({ ok: true, next: "/customer-area/security" });
    expect(setCookie(second, PENDING_SIGN_IN_COOKIE)).toBe(`${PENDING_SIGN_IN_COOKIE}=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT`);
    expect(browser.cookies.has(PENDING_SIGN_IN_COOKIE)).toBe(false);
    expect((await findActiveSession(browser.cookies.get("session")!))?.user.id).toBe(user.id);
  });

  it("a Secure cookie (APP_URL on https) is written Secure, as Next.js writes it", async () => {
    const answer = await new Browser().post("/test/sets-a-secure-cookie", {});
    const written = setCookie(answer, "__Host-session")!;
    expect(written).toContain("; Secure");
    expect(withoutExpires(written)).toBe(asNextWritesIt("__Host-session", "token", SECURE_COOKIE));
  });

  it("a step that redirects is answered as Next.js answers it: the status, Location and the cookies set before", async () => {
    const answer = await new Browser().post("/test/redirects-after-a-cookie", {});
    expect(answer.status).toBe(307);
    expect(answer.headers.location).toBe("/sign-in?ended=1");
    expect(setCookie(answer, "sign_in_return_path")).toMatch(/^sign_in_return_path=%2Fcustomer-area; /);
  });

  it("a cookie value that needs escaping comes back as it was set", async () => {
    const browser = new Browser();
    browser.cookies.set("session", "a b;c=d%e");
    expect((await browser.post("/test/reads-the-session-cookie", {})).json).toEqual({ ok: true, read: "a b;c=d%e" });
  });
});

describe("parallel requests through the app's server", () => {
  it("20 wrong passwords at once for one user: 5 are checked, 15 are held back", async () => {
    const { email } = await createTestUser();
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => new Browser().post("/sign-in/password", { email, password: "not-the-password" })),
    );
    const errors = answers.map((answer) => String(answer.json.error));
    expect(errors.filter((error) => error === "The email or password is incorrect.")).toHaveLength(5);
    expect(errors.filter((error) => error.startsWith("Too many failed attempts."))).toHaveLength(15);
  });

  it("one right code sent 20 times at once from one pending sign-in: one session, one session cookie", async () => {
    const { user, email, password, totpSecret } = await createTwoFactorUser({ methods: ["totp"] });
    const browser = new Browser();
    await browser.post("/sign-in/password", { email, password });
    const code = totpCodeAt(totpSecret, new Date());
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => {
        const copy = new Browser();
        for (const [name, value] of browser.cookies) copy.cookies.set(name, value);
        return copy.post("/sign-in/verify/code", { method: "totp", code });
      }),
    );
    expect(answers.filter((answer) => setCookie(answer, "session"))).toHaveLength(1);
    expect(await sessionCount(user.id)).toBe(1);
  });
});

describe("what the app's server refuses, as the routes of Next.js refuse it", () => {
  it("no Origin or another site's: refused before the password is looked at, and no cookie", async () => {
    const { user, email, password } = await createTestUser();
    for (const origin of [null, "https://attacker.example", "http://localhost:3001"]) {
      const answer = await new Browser().post("/sign-in/password", { email, password }, { origin });
      expect(answer.json, String(origin)).toEqual({ ok: false, error: FOREIGN_ORIGIN_MESSAGE });
      expect(answer.headers["set-cookie"], String(origin)).toBeUndefined();
    }
    expect(await sessionCount(user.id)).toBe(0);
  });

  it("the second steps too: without the app's Origin a right code does nothing", async () => {
    const { user, email, password, totpSecret } = await createTwoFactorUser({ methods: ["totp"] });
    const browser = new Browser();
    await browser.post("/sign-in/password", { email, password });
    const code = totpCodeAt(totpSecret, new Date());
    for (const path of ["/sign-in/verify/code", "/sign-in/verify/recovery-code", "/sign-in/verify/security-key"]) {
      const answer = await browser.post(path, { method: "totp", code, response: "{}" }, { origin: null });
      expect(answer.json, path).toEqual({ ok: false, error: FOREIGN_ORIGIN_MESSAGE });
      expect(answer.headers["set-cookie"], path).toBeUndefined();
    }
    expect(await sessionCount(user.id)).toBe(0);
  });

  it("a body over 64 KB that does not say its length: 413, and the connection is not kept", async () => {
    const { email } = await createTestUser();
    const fields = Buffer.from(`email=${encodeURIComponent(email)}&password=`);
    const answer = await send("/sign-in/password", {
      headers: { origin: APP_ORIGIN, "content-type": "application/x-www-form-urlencoded", "transfer-encoding": "chunked" },
      chunks: [fields, ...Array.from({ length: 70 }, () => Buffer.alloc(1024, "x"))],
    });
    expect(answer.status).toBe(413);
    expect(answer.headers.connection).toBe("close");
    expect(JSON.parse(answer.body)).toEqual({ ok: false, error: "That is more than a form can send. Nothing was changed." });
  });

  it("a client that goes away halfway through its body is dropped, and the next one is answered", async () => {
    const socket = net.connect(port, "127.0.0.1");
    await new Promise((resolve) => socket.once("connect", resolve));
    socket.write(
      `POST /sign-in/password HTTP/1.1\r\nHost: localhost\r\nOrigin: ${APP_ORIGIN}\r\n` +
        "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\nemail=a%40b.test&pass",
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    socket.destroy();
    await new Promise((resolve) => setTimeout(resolve, 50));
    const { email, password } = await createTestUser();
    expect((await new Browser().post("/sign-in/password", { email, password })).json).toEqual({ ok: true, next: "/customer-area" });
  });

  it("a multipart form (a browser without JavaScript) is read like a URL-encoded one", async () => {
    const { email, password } = await createTestUser();
    const form = new FormData();
    form.set("email", email);
    form.set("password", password);
    const encoded = new Response(form);
    const answer = await send("/sign-in/password", {
      headers: { origin: APP_ORIGIN, "content-type": encoded.headers.get("content-type")! },
      body: Buffer.from(await encoded.arrayBuffer()),
    });
    expect(JSON.parse(answer.body)).toEqual({ ok: true, next: "/customer-area" });
  });

  it("a step that fails unexpectedly: 500 with the words of the error page, and none of its cookies", async () => {
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    const answer = await new Browser().post("/test/fails-after-a-cookie", {});
    expect(logged).toHaveBeenCalledWith(expect.objectContaining({ message: "the database went away" }));
    logged.mockRestore();
    expect(answer.status).toBe(500);
    expect(answer.json).toEqual({
      ok: false,
      error: "We could not finish that just now, and nothing was changed. Please try again in a moment.",
    });
    expect(answer.headers["set-cookie"]).toBeUndefined();
  });

  it("only a POST to a step's exact path is the server's; anything else goes on to Next.js", async () => {
    expect((await send("/sign-in/password", { method: "GET" })).body).toBe("handed to Next.js");
    expect((await send("/sign-in/password", { method: "HEAD" })).status).toBe(404);
    expect((await send("/sign-in/%70assword", { headers: { origin: APP_ORIGIN } })).body).toBe("handed to Next.js");
    expect((await send("//sign-in/password", { headers: { origin: APP_ORIGIN } })).body).toBe("handed to Next.js");
    expect((await send("/sign-in/password/", { headers: { origin: APP_ORIGIN } })).body).toBe("handed to Next.js");
    expect((await send("/sign-in/passwords", { headers: { origin: APP_ORIGIN } })).body).toBe("handed to Next.js");
    // The query is not part of the path: the step still answers (and ignores it).
    const { email, password } = await createTestUser();
    const answer = await send("/sign-in/password?next=https://attacker.example", {
      headers: { origin: APP_ORIGIN, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ email, password }).toString(),
    });
    expect(JSON.parse(answer.body)).toEqual({ ok: true, next: "/customer-area" });
  });
});

describe("the route handlers that serve the same steps under npm run dev", () => {
  function post(fields: Record<string, string>): Request {
    return new Request(`${APP_ORIGIN}/sign-in/password`, { method: "POST", body: new URLSearchParams(fields) });
  }

  it("a step that fails unexpectedly: the same 500 and words as the app's server, not Next's empty 500", async () => {
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    const route = formRoute(async () => {
      throw new Error("the database went away");
    });
    const response = await route(post({}));
    expect(logged).toHaveBeenCalledWith(expect.objectContaining({ message: "the database went away" }));
    logged.mockRestore();
    expect(response.status).toBe(500);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(await response.json()).toEqual({
      ok: false,
      error: "We could not finish that just now, and nothing was changed. Please try again in a moment.",
    });
  });

  it("a step that redirects is left to Next.js, which answers it", async () => {
    const route = formRoute(async () => redirect("/sign-in?ended=1"));
    await expect(route(post({}))).rejects.toThrow("NEXT_REDIRECT");
  });
});
