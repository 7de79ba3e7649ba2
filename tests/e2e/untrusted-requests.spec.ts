import http from "node:http";
import { expect, signIn, test } from "./fixtures";

test("a forged X-Forwarded-Proto or X-Forwarded-For never ends up in a URL or a cookie", async ({ newUser, newBrowserContext, baseURL }) => {
  const forged = await newBrowserContext();
  const forgedPage = await forged.newPage();
  await forgedPage.setExtraHTTPHeaders({ "x-forwarded-proto": "https", "x-forwarded-port": "8443", "x-forwarded-for": "6.6.6.6" });
  const answers: string[] = [];
  forgedPage.on("response", async (response) => {
    answers.push(JSON.stringify(await response.allHeaders()));
  });

  await signIn(forgedPage, newUser);
  // The app's own address (APP_URL, which baseURL is), whatever the forged headers said.
  await expect(forgedPage).toHaveURL(`${new URL(baseURL!).origin}/customer-area`);
  expect(answers.join("\n")).not.toMatch(/https:\/\/localhost|8443/);
  // APP_URL is http: no cookie is made Secure, which the browser would then drop.
  expect((await forged.cookies()).filter((cookie) => cookie.secure)).toEqual([]);
});

/** A raw request with the Host the test chooses (fetch and browsers set their own). */
function rawRequest(appUrl: string, { method, path, headers }: { method: string; path: string; headers: Record<string, string> }) {
  const { hostname, port } = new URL(appUrl);
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }>((resolve, reject) => {
    const request = http.request({ host: hostname === "localhost" ? "127.0.0.1" : hostname, port, method, path, headers }, (response) => {
      let body = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => (body += chunk));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }));
    });
    request.on("error", reject);
    request.end(method === "POST" ? "email=someone%40example.test&password=x" : undefined);
  });
}

test("a request for another host, by Host or X-Forwarded-Host, gets 400 with no link on every route, and runs nothing", async ({ baseURL }) => {
  const appHost = new URL(baseURL!).host;
  const routes = [
    ...["/", "/sign-in", "/sign-up", "/sign-in/verify", "/forgot-password", "/reset-password", "/set-password", "/customer-area", "/customer-area/security", "/customer-area/users", "/dev/mailbox", "/no-such-page",
      // next-auth's routes: a provider's callback, its sign-in and session answers
      "/api/auth/callback/oidc?code=x&state=y", "/api/auth/signin", "/api/auth/session", "/api/auth/providers"].map(
      (path) => ({ method: "GET", path }),
    ),
    ...["/sign-in/password", "/sign-in/verify/code", "/sign-in/verify/recovery-code", "/sign-in/verify/security-key", "/forgot-password", "/sign-up",
      "/api/auth/signin/oidc", "/api/auth/signout"].map(
      (path) => ({ method: "POST", path }),
    ),
  ];
  const forgeries: Record<string, string>[] = [
    { host: "evil.test" },
    { host: appHost, "x-forwarded-host": "evil.test" },
    { host: `evil.test:${new URL(baseURL!).port}` },
  ];
  for (const forged of forgeries) {
    for (const route of routes) {
      const headers = { ...forged, origin: "http://evil.test", accept: "text/html", "content-type": "application/x-www-form-urlencoded" };
      const answer = await rawRequest(baseURL!, { ...route, headers });
      const label = `${route.method} ${route.path} with ${JSON.stringify(forged)}`;
      expect(answer.status, label).toBe(400);
      expect(answer.headers.location, label).toBeUndefined();
      expect(answer.body, label).not.toContain("evil.test");
      expect(answer.headers["x-frame-options"], label).toBe("DENY");
      expect(answer.headers["content-security-policy"], label).toContain("frame-ancestors 'none'");
    }
  }
  // The load balancer's health check may use any host: it carries no link.
  const health = await rawRequest(baseURL!, { method: "GET", path: "/healthz", headers: { host: "10.0.0.5:3100" } });
  expect(health).toMatchObject({ status: 200, body: "ok" });
});

test("with JavaScript off, the sign-in form still signs in: the steps answer 303, and a failure comes back to the form", async ({ newBrowserContext, newUser }) => {
  const context = await newBrowserContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(newUser.email);
  await page.getByLabel("Password").fill("not-the-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/sign-in\?failed=1$/);
  await expect(page.getByRole("main").getByRole("alert")).toHaveText("The email or password is incorrect.");
  await expect(page.getByLabel("Email")).toHaveValue(newUser.email);

  await page.getByLabel("Password").fill(newUser.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/customer-area$/);
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
});

test("a forged X-Forwarded-For on each try does not make a new client: the sixth wrong password waits, and every answer has the security headers", async ({ newUser, request, baseURL }) => {
  const origin = new URL(baseURL!).origin;
  const answers = [];
  for (let attempt = 1; attempt <= 6; attempt++) {
    const response = await request.post("/sign-in/password", {
      form: { email: newUser.email, password: "not-the-password" },
      headers: { origin, "x-forwarded-for": `198.51.100.${attempt}` },
    });
    answers.push(response);
  }
  for (const response of answers.slice(0, 5)) {
    expect(await response.json()).toMatchObject({ ok: false, error: "The email or password is incorrect." });
  }
  expect((await answers[5]!.json()).error).toMatch(/^Too many failed attempts\. For your security, wait \d+ seconds/);
  for (const response of answers) {
    expect(response.headers()["content-security-policy"]).toContain("frame-ancestors 'none'");
    expect(response.headers()).toMatchObject({ "x-frame-options": "DENY", "x-content-type-options": "nosniff", "cache-control": "no-store" });
  }
});

test("headers a client sends under the server's own names are replaced: the return path and the script nonce", async ({ request }) => {
  const forgedPolicy = "script-src 'nonce-forged-by-the-client'";
  const asked = await request.get("/customer-area/security", {
    headers: { "x-return-path": "/customer-area/users", "content-security-policy": forgedPolicy },
    maxRedirects: 0,
  });
  // Sign-in returns to the page really asked for, not to the one the header named.
  expect(asked.headers().location).toMatch(/\/sign-in\?next=%2Fcustomer-area%2Fsecurity$/);

  const page = await request.get("/sign-in", { headers: { "content-security-policy": forgedPolicy } });
  expect(page.headers()["content-security-policy"]).not.toContain("forged");
  const html = await page.text();
  expect(html).toMatch(/<script[^>]* nonce="[A-Za-z0-9+/=]{20,}"/);
  expect(html).not.toContain("forged-by-the-client");
});

test("every page carries the Content-Security-Policy with its own nonce, and the scripts run under it", async ({ page }) => {
  const first = await page.goto("/sign-in");
  const policy = first!.headers()["content-security-policy"]!;
  expect(policy).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'/);
  expect(policy).toContain("frame-ancestors 'none'");
  const second = await page.reload();
  expect(second!.headers()["content-security-policy"]).not.toBe(policy);
  // The page works: React hydrated under the policy (a field error appears without a reload).
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByText("Enter your email address.")).toBeVisible();
});

test("a 1 MB password gets a clear 413, not a 500, and nothing happens", async ({ request, baseURL }) => {
  const response = await request.post("/sign-in", {
    multipart: { "1_email": "someone@example.test", "1_password": "x".repeat(1024 * 1024), "0": '[null,"$K1"]' },
    headers: { origin: new URL(baseURL!).origin, "next-action": "0".repeat(42) },
  });
  expect(response.status()).toBe(413);
  expect(await response.text()).toContain("That is more than a form can send. Nothing was changed.");
});

test("a server action body that no form could send gets 400 with words, never a 500", async ({ request, baseURL }) => {
  const origin = new URL(baseURL!).origin;
  const action = { origin, "next-action": "0".repeat(42), accept: "text/x-component" };
  const bodies = {
    "a root that is not a list": '{"0":1}',
    "not JSON": "][",
    "a deep nesting": `${"[".repeat(2000)}${"]".repeat(2000)}`,
    "a __proto__ reference": '["$1:__proto__:polluted"]',
  };
  for (const [label, body] of Object.entries(bodies)) {
    const answer = await request.post("/sign-in", { data: body, headers: { ...action, "content-type": "text/plain;charset=UTF-8" } });
    expect(answer.status(), label).toBe(400);
    expect(await answer.text(), label).toContain("This request could not be read.");
  }
  const multipart = await request.post("/customer-area/users", {
    multipart: { "0": '["$K1"]', "1_email": "someone@example.test", "1___proto__": "x" },
    headers: action,
  });
  expect(multipart.status()).toBe(400);
});
