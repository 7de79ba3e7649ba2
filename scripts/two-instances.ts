/**
 * Two production instances of the app on one PostgreSQL database, behind a
 * small load balancer, for tests/instances (playwright.instances.config.ts).
 * The balancer appends the client address to X-Forwarded-For, as a real proxy
 * does (so the instances run with TRUSTED_PROXY_HOPS=1), and sends a request to
 * the instance named by its `x-instance` header (`a` or `b`), else in turn.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import http from "node:http";
import pg from "pg";
import { nextServerCommand, nextServerKind } from "@/scripts/next-server";
import { testPostgres } from "@/tests/support/postgres-server";

const balancerPort = Number(process.env.INSTANCES_PORT ?? 3140);
const instancePorts = { a: balancerPort + 1, b: balancerPort + 2 } as const;
const smtpPort = process.env.SMTP_SINK_PORT ?? "2555";

const postgres = await testPostgres({ label: "instances", url: process.env.TEST_POSTGRES_URL });
const { adminUrl } = postgres;
const database = `instances_${process.pid}_${Date.now()}`;
const admin = new pg.Client({ connectionString: adminUrl });
await admin.connect();
await admin.query(`CREATE DATABASE "${database}"`);
await admin.end();
const databaseUrl = new URL(adminUrl);
databaseUrl.pathname = `/${database}`;

const env: NodeJS.ProcessEnv = {
  ...process.env,
  NODE_ENV: "production",
  DATABASE_URL: databaseUrl.toString(),
  APP_URL: `http://127.0.0.1:${balancerPort}`,
  SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
  MAIL_FROM: "Acme customer area <no-reply@example.test>",
  AUTH_SECRET: "instances-auth-secret-instances-auth-secret",
  TOTP_ENCRYPTION_KEY: Buffer.alloc(32, 9).toString("base64"),
  TRUSTED_PROXY_HOPS: "1",
};

if (!existsSync(".next/BUILD_ID")) throw new Error("No production build: run `npm run build` first.");
const migrated = spawnSync("npm", ["run", "--silent", "db:migrate"], { stdio: "inherit", env });
if (migrated.status !== 0) process.exit(migrated.status ?? 1);

// Next.js's own server (scripts/next-server.ts), as production runs it.
const instances: ChildProcess[] = Object.values(instancePorts).map((port) => {
  const serve = nextServerCommand(nextServerKind(), { port, hostname: "127.0.0.1" });
  return spawn(serve.command, serve.args, { stdio: "inherit", env: { ...env, ...serve.env } });
});

let next = 0;
function targetPort(request: http.IncomingMessage): number {
  const named = request.headers["x-instance"];
  if (named === "a" || named === "b") return instancePorts[named];
  next = (next + 1) % 2;
  return next === 0 ? instancePorts.a : instancePorts.b;
}

const balancer = http.createServer((request, response) => {
  const forwardedFor = [request.headers["x-forwarded-for"], request.socket.remoteAddress].filter(Boolean).join(", ");
  const upstream = http.request(
    {
      host: "127.0.0.1",
      port: targetPort(request),
      method: request.method,
      path: request.url,
      headers: { ...request.headers, "x-forwarded-for": forwardedFor },
    },
    (answer) => {
      response.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(response);
    },
  );
  upstream.on("error", () => {
    response.writeHead(502).end("instance not reachable");
  });
  request.pipe(upstream);
});
balancer.listen(balancerPort, "127.0.0.1", () => console.log(`Two instances behind http://127.0.0.1:${balancerPort}`));

async function shutDown(): Promise<void> {
  balancer.close();
  for (const instance of instances) instance.kill("SIGTERM");
  const cleanup = new pg.Client({ connectionString: adminUrl });
  await cleanup.connect();
  await cleanup.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
  await cleanup.end();
  await postgres.stop();
  process.exit(0);
}
for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => void shutDown());
