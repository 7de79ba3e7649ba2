import { defineConfig } from "@playwright/test";
import base, { smtpSinkServer } from "./playwright.config";

/**
 * Two production instances on one PostgreSQL behind a load balancer
 * (scripts/two-instances.ts): what works on one must hold on the other.
 * `npm run build` first; run with `npx playwright test -c playwright.instances.config.ts`.
 */
// INSTANCES_PORT (the balancer; the instances take the next two), INSTANCES_SMTP_PORT and
// INSTANCES_MAILBOX_PORT move the suite, so that two runs on one machine do not collide.
const balancerPort = Number(process.env.INSTANCES_PORT ?? 3140);
const smtpPort = Number(process.env.INSTANCES_SMTP_PORT ?? 2555);
const mailboxPort = Number(process.env.INSTANCES_MAILBOX_PORT ?? 2556);
process.env.SMTP_SINK_HTTP_PORT = String(mailboxPort);

export default defineConfig({
  ...base,
  testDir: "tests/instances",
  fullyParallel: false,
  workers: 1,
  use: { ...base.use, baseURL: `http://127.0.0.1:${balancerPort}` },
  webServer: [
    smtpSinkServer(smtpPort, mailboxPort),
    {
      command: "npx tsx scripts/two-instances.ts",
      url: `http://127.0.0.1:${balancerPort}/healthz`,
      timeout: 180_000,
      reuseExistingServer: false,
      env: { INSTANCES_PORT: String(balancerPort), SMTP_SINK_PORT: String(smtpPort) },
      stdout: "pipe",
    },
  ],
});
