/**
 * A small HTTP/1.1 client on node:http, lighter than fetch: the bench shares
 * the machine's cores with the server it measures, so its own work per request
 * should be small. Keep-alive connections, as a browser keeps them.
 */
import http from "node:http";
import { brotliDecompressSync, gunzipSync, inflateSync } from "node:zlib";

export type HttpResponse = {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** The raw (possibly compressed) body. */
  body: Buffer;
};

export type HttpRequest = {
  method: "GET" | "POST";
  url: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
};

/** Refuses anything but loopback: the bench must never load another host. */
export function assertLoopback(url: string): void {
  const { hostname } = new URL(url);
  if (hostname !== "127.0.0.1") throw new Error(`The bench only talks to 127.0.0.1, not ${hostname}`);
}

export function keepAliveAgent(maxSockets: number): http.Agent {
  return new http.Agent({ keepAlive: true, maxSockets });
}

const REQUEST_TIMEOUT_MS = 30_000;

export function send(agent: http.Agent, request: HttpRequest): Promise<HttpResponse> {
  assertLoopback(request.url);
  return new Promise<HttpResponse>((resolve, reject) => {
    const outgoing = http.request(
      request.url,
      { method: request.method, headers: request.headers, agent, timeout: REQUEST_TIMEOUT_MS },
      (incoming) => {
        const chunks: Buffer[] = [];
        incoming.on("data", (chunk: Buffer) => chunks.push(chunk));
        incoming.on("error", reject);
        incoming.on("end", () =>
          resolve({ status: incoming.statusCode ?? 0, headers: incoming.headers, body: Buffer.concat(chunks) }),
        );
      },
    );
    outgoing.on("timeout", () => outgoing.destroy(new Error(`No answer within ${REQUEST_TIMEOUT_MS / 1000} s`)));
    outgoing.on("error", reject);
    outgoing.end(request.body);
  });
}

/** The body as text, decompressed as the browser would. */
export function bodyText(response: HttpResponse): string {
  const encoding = response.headers["content-encoding"];
  if (!encoding || encoding === "identity") return response.body.toString("utf8");
  if (encoding === "gzip") return gunzipSync(response.body).toString("utf8");
  if (encoding === "br") return brotliDecompressSync(response.body).toString("utf8");
  if (encoding === "deflate") return inflateSync(response.body).toString("utf8");
  throw new Error(`Cannot decode a body in ${encoding}`);
}

/** name -> value of every cookie the response sets (an empty value: the cookie is deleted). */
export function setCookies(response: HttpResponse): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const header of response.headers["set-cookie"] ?? []) {
    const [pair = ""] = header.split(";");
    const equals = pair.indexOf("=");
    if (equals > 0) cookies.set(pair.slice(0, equals).trim(), pair.slice(equals + 1).trim());
  }
  return cookies;
}
