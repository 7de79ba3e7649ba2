/**
 * The SMTP sink as a process, for Playwright (started as a webServer) and for
 * trying the app against a real SMTP server by hand:
 *
 *   npx tsx tests/support/smtp-sink-server.ts
 *   SMTP_URL=smtp://127.0.0.1:2525 npm run dev
 *
 * SMTP on 127.0.0.1:$SMTP_SINK_PORT (2525) and HTTP on 127.0.0.1:$SMTP_SINK_HTTP_PORT (2526):
 *   GET    /                  200, for readiness checks
 *   GET    /messages?to=addr  received mails as JSON, newest first (optionally only those to addr)
 *   DELETE /messages          forget all mails
 */
import http from "node:http";

import { startSmtpSink } from "./smtp-sink";

function portFromEnv(name: string, fallback: number): number {
  const value = process.env[name];
  if (value === undefined || value === "") return fallback;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1 || port > 65_535) throw new Error(`${name} must be a TCP port, got "${value}"`);
  return port;
}

const smtpPort = portFromEnv("SMTP_SINK_PORT", 2525);
const httpPort = portFromEnv("SMTP_SINK_HTTP_PORT", 2526);
const sink = await startSmtpSink({ port: smtpPort });

function sendJson(response: http.ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" });
  response.end(JSON.stringify(body));
}

const httpServer = http.createServer((request, response) => {
  const url = new URL(request.url ?? "/", `http://${request.headers.host ?? "127.0.0.1"}`);
  if (url.pathname === "/" && (request.method === "GET" || request.method === "HEAD")) {
    return sendJson(response, 200, { smtpUrl: sink.url, messages: sink.messages.length });
  }
  if (url.pathname === "/messages" && request.method === "GET") {
    const to = url.searchParams.get("to")?.trim().toLowerCase();
    const mails = sink.messages.filter((mail) => !to || mail.to.includes(to)).reverse();
    return sendJson(response, 200, mails);
  }
  if (url.pathname === "/messages" && request.method === "DELETE") {
    sink.clear();
    response.writeHead(204).end();
    return;
  }
  sendJson(response, url.pathname === "/" || url.pathname === "/messages" ? 405 : 404, { error: "not found" });
});

await new Promise<void>((resolve, reject) => {
  httpServer.once("error", reject);
  httpServer.listen(httpPort, "127.0.0.1", () => resolve());
});
console.log(`SMTP sink: ${sink.url}, mails at http://127.0.0.1:${httpPort}/messages`);

async function shutDown(): Promise<void> {
  httpServer.close();
  await sink.close();
  process.exit(0);
}
process.once("SIGINT", () => void shutDown());
process.once("SIGTERM", () => void shutDown());
