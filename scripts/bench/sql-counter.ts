/**
 * A TCP proxy between the app and PostgreSQL that counts the SQL statements the
 * app sends, without touching the app: it reads the frontend protocol
 * (client -> server) and counts Query ('Q', simple protocol) and Execute ('E',
 * extended protocol) messages. Bytes are forwarded unchanged as they arrive;
 * the parsing only watches.
 *
 * The kind of each statement (SELECT, INSERT, BEGIN, ...) comes from the text of
 * the Parse ('P') message behind the executed portal, so a breakdown costs
 * nothing extra.
 *
 * With `collectNotices`, it also watches the other direction (server -> client)
 * for NoticeResponse ('N') messages and keeps their text: how the plans of
 * BENCH_PLANS=1 reach the bench (plans.ts).
 */
import net from "node:net";

export type StatementCounts = { total: number; byKind: Record<string, number> };

export type SqlCounter = {
  /** The address to give the app instead of PostgreSQL's. */
  port: number;
  snapshot(): StatementCounts;
  /** The NOTICE texts the server sent, oldest first (empty unless collectNotices). */
  notices(): readonly string[];
  close(): Promise<void>;
};

const SSL_REQUEST = 80_877_103;
const GSSENC_REQUEST = 80_877_104;

/** Lives for one client connection: prepared statements and portals are per connection. */
class FrontendParser {
  private buffer: Buffer = Buffer.alloc(0);
  private startupDone = false;
  private readonly statementKinds = new Map<string, string>();
  private readonly portalKinds = new Map<string, string>();

  constructor(
    private readonly count: (kind: string) => void,
    /** Answers a request (SSL, GSS) on the proxy's side instead of forwarding it. */
    private readonly refuseEncryption: () => void,
  ) {}

  /** Returns the bytes to forward to PostgreSQL (an SSL or GSS request is answered here, not forwarded). */
  feed(chunk: Buffer): Buffer {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    const forward: Buffer[] = [];
    for (;;) {
      if (!this.startupDone) {
        // Untyped: Int32 length (including itself), Int32 code, then the payload.
        if (this.buffer.length < 8) break;
        const length = this.buffer.readInt32BE(0);
        if (this.buffer.length < length) break;
        const code = this.buffer.readInt32BE(4);
        const message = this.buffer.subarray(0, length);
        this.buffer = this.buffer.subarray(length);
        if (code === SSL_REQUEST || code === GSSENC_REQUEST) {
          // Encrypted traffic could not be read: say "not supported", as a
          // server without SSL would, and the client goes on in plain text.
          this.refuseEncryption();
          continue;
        }
        this.startupDone = true; // StartupMessage (or CancelRequest, after which the socket closes)
        forward.push(message);
        continue;
      }
      // Typed: Byte1 type, Int32 length (including itself but not the type byte).
      if (this.buffer.length < 5) break;
      const length = this.buffer.readInt32BE(1);
      if (this.buffer.length < length + 1) break;
      const message = this.buffer.subarray(0, length + 1);
      this.buffer = this.buffer.subarray(length + 1);
      this.inspect(message);
      forward.push(message);
    }
    return forward.length === 1 ? forward[0]! : Buffer.concat(forward);
  }

  private inspect(message: Buffer): void {
    const type = String.fromCharCode(message[0]!);
    const body = message.subarray(5);
    if (type === "Q") {
      this.count(kindOf(cString(body, 0).value));
    } else if (type === "P") {
      const name = cString(body, 0);
      const query = cString(body, name.next);
      this.statementKinds.set(name.value, kindOf(query.value));
    } else if (type === "B") {
      const portal = cString(body, 0);
      const statement = cString(body, portal.next);
      this.portalKinds.set(portal.value, this.statementKinds.get(statement.value) ?? "?");
    } else if (type === "E") {
      this.count(this.portalKinds.get(cString(body, 0).value) ?? "?");
    }
  }
}

/** Watches the backend stream for NoticeResponse messages; forwards nothing itself. */
class NoticeWatcher {
  private buffer: Buffer = Buffer.alloc(0);
  constructor(private readonly keep: (text: string) => void) {}

  feed(chunk: Buffer): void {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    // Every backend message is typed: Byte1 type, Int32 length (including itself).
    while (this.buffer.length >= 5) {
      const length = this.buffer.readInt32BE(1);
      if (this.buffer.length < length + 1) break;
      if (this.buffer[0] === 0x4e) this.notice(this.buffer.subarray(5, length + 1));
      this.buffer = this.buffer.subarray(length + 1);
    }
  }

  /** Fields: Byte1 code, then a C string; a zero byte ends them. 'M' is the message. */
  private notice(body: Buffer): void {
    let offset = 0;
    while (offset < body.length && body[offset] !== 0) {
      const code = String.fromCharCode(body[offset]!);
      const field = cString(body, offset + 1);
      if (code === "M") this.keep(field.value);
      offset = field.next;
    }
  }
}

function cString(buffer: Buffer, start: number): { value: string; next: number } {
  const end = buffer.indexOf(0, start);
  const stop = end === -1 ? buffer.length : end;
  return { value: buffer.toString("utf8", start, stop), next: stop + 1 };
}

/** The statement's first keyword, e.g. SELECT (a CTE counts as WITH: telling what it does would need a SQL parser). */
function kindOf(sql: string): string {
  const keyword = /^[\s(]*([A-Za-z]+)/.exec(sql.replace(/^\s*(--[^\n]*\n|\/\*[\s\S]*?\*\/)*/g, ""));
  return keyword?.[1]?.toUpperCase() ?? "?";
}

export async function startSqlCounter(
  target: { host: string; port: number },
  options: { listenPort?: number; collectNotices?: boolean } = {},
): Promise<SqlCounter> {
  let total = 0;
  const notices: string[] = [];
  const byKind: Record<string, number> = {};
  const count = (kind: string) => {
    total++;
    byKind[kind] = (byKind[kind] ?? 0) + 1;
  };
  const sockets = new Set<net.Socket>();

  const server = net.createServer((client) => {
    const upstream = net.connect(target.port, target.host);
    sockets.add(client).add(upstream);
    const parser = new FrontendParser(count, () => client.write("N"));
    client.on("data", (chunk: Buffer) => {
      const forward = parser.feed(chunk);
      if (forward.length > 0) upstream.write(forward);
    });
    if (options.collectNotices) {
      const watcher = new NoticeWatcher((text) => notices.push(text));
      upstream.on("data", (chunk: Buffer) => watcher.feed(chunk));
    }
    upstream.pipe(client);
    const closeBoth = () => {
      client.destroy();
      upstream.destroy();
    };
    for (const socket of [client, upstream]) {
      socket.setNoDelay(true);
      socket.on("error", closeBoth);
      socket.on("close", () => {
        sockets.delete(socket);
        closeBoth();
      });
    }
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.listenPort ?? 0, "127.0.0.1", () => resolve());
  });
  const address = server.address();
  if (!address || typeof address === "string") throw new Error("SQL counter has no TCP address");

  return {
    port: address.port,
    snapshot: () => ({ total, byKind: { ...byKind } }),
    notices: () => notices,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** What happened between two snapshots. */
export function countsBetween(before: StatementCounts, after: StatementCounts): StatementCounts {
  const byKind: Record<string, number> = {};
  for (const [kind, value] of Object.entries(after.byKind)) {
    const delta = value - (before.byKind[kind] ?? 0);
    if (delta > 0) byKind[kind] = delta;
  }
  return { total: after.total - before.total, byKind };
}
