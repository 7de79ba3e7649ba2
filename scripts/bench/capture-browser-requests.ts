/**
 * npm run bench:capture — signs in once in Chromium (a user without 2FA, then a
 * user with an authentication app) against a bench server and prints the
 * requests the browser sends and what the server answers. This is how the
 * bench learnt the server-action request format in app-protocol.ts; run it
 * again after changing the sign-in flows to see what the bench must send now.
 */
import { chromium, type Request } from "@playwright/test";
import { cleanUpOnSignals, runCleanup } from "@/scripts/bench/cleanup";
import { startBenchEnvironment } from "@/scripts/bench/environment";
import { totpCodeNow } from "@/scripts/bench/app-protocol";
import { chromiumLaunchOptions } from "@/playwright.config";

async function describe(request: Request): Promise<string> {
  const response = await request.response();
  const body = response ? await response.body().catch(() => Buffer.alloc(0)) : Buffer.alloc(0);
  return [
    `>>> ${request.method()} ${request.url()}`,
    ...Object.entries(await request.allHeaders()).map(([name, value]) => `    ${name}: ${value}`),
    `    body: ${JSON.stringify(request.postData())}`,
    `<<< ${response?.status() ?? "no response"}`,
    ...Object.entries((await response?.allHeaders()) ?? {}).map(([name, value]) => `    ${name}: ${value}`),
    `    body (${body.length} bytes): ${JSON.stringify(body.toString("utf8").slice(0, 1500))}`,
  ].join("\n");
}

cleanUpOnSignals();
const environment = await startBenchEnvironment({ users: 4, events: 0, countingOnly: true });
const browser = await chromium.launch(chromiumLaunchOptions);
try {
  const { countingServer: server, seeded } = environment;
  const plainUser = seeded.plainUsers[0]!;
  const totpUser = seeded.totpUsers[0]!;
  for (const [label, user] of [
    ["user without 2FA", plainUser],
    ["user with an authentication app", totpUser],
  ] as const) {
    console.log(`\n===== ${label}`);
    const context = await browser.newContext();
    const page = await context.newPage();
    const actionPosts: Request[] = [];
    page.on("request", (request) => {
      if (request.method() === "POST") actionPosts.push(request);
    });
    await page.goto(`${server.url}/sign-in`);
    await page.getByLabel("Email").fill(user.email);
    await page.getByLabel("Password").fill(environment.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    if ("totpSecret" in user) {
      await page.waitForURL("**/sign-in/verify");
      await page.getByLabel("6-digit verification code").fill(totpCodeNow(user.totpSecret));
      await page.getByRole("button", { name: "Verify code" }).click();
    }
    await page.waitForURL("**/customer-area");
    for (const request of actionPosts) console.log(await describe(request));
    const securityPage = await page.goto(`${server.url}/customer-area/security`);
    if (securityPage) console.log(await describe(securityPage.request()));
    await context.close();
  }
} finally {
  await browser.close();
  await runCleanup();
}
