import { expect, signIn, test } from "./fixtures";

test("a forged Host or X-Forwarded-* header never ends up in a URL or a cookie", async ({ newUser, newBrowserContext, baseURL }) => {
  const forged = await newBrowserContext();
  const forgedPage = await forged.newPage();
  await forgedPage.setExtraHTTPHeaders({
    "x-forwarded-host": "evil.test",
    "x-forwarded-proto": "https",
    "x-forwarded-for": "6.6.6.6",
  });
  const answers: string[] = [];
  forgedPage.on("response", async (response) => {
    answers.push(JSON.stringify(await response.allHeaders()));
  });

  await signIn(forgedPage, newUser);
  // The app's own address (APP_URL, which baseURL is), whatever the forged headers said.
  await expect(forgedPage).toHaveURL(`${new URL(baseURL!).origin}/customer-area`);
  expect(answers.join("\n")).not.toContain("evil.test");
  expect((await forged.cookies()).map((cookie) => cookie.domain)).not.toContain("evil.test");
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
  expect(await response.text()).toContain("too large");
});
