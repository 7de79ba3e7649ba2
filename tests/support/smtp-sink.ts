import net from "node:net";

import { simpleParser, type AddressObject } from "mailparser";
import { SMTPServer } from "smtp-server";

/**
 * A real SMTP server on loopback that keeps every mail it receives, parsed, so
 * tests can assert what users would get. A mail is stored before the server
 * acknowledges it, so once sendMail resolves the mail is in `messages`.
 */

export type ReceivedMail = {
  /** Envelope (RCPT TO) addresses, lower-cased: who the mail was delivered to. */
  to: string[];
  /** Envelope (MAIL FROM) address. */
  from: string;
  /** The To and From headers as written, e.g. `Acme <no-reply@example.com>`. */
  headers: { to: string; from: string };
  subject: string;
  text: string;
  html: string;
  receivedAt: Date;
};

export type SmtpSink = {
  port: number;
  url: string;
  /** Oldest first, in order of arrival. */
  messages: ReceivedMail[];
  /** Every mail delivered to `to` so far, oldest first. */
  mailsTo(to: string): ReceivedMail[];
  /** The newest mail to `to` already received, or the next one to arrive. */
  waitForMail(to: string, options?: { timeoutMs?: number }): Promise<ReceivedMail>;
  /** Forgets every mail received so far. */
  clear(): void;
  close(): Promise<void>;
};

const LOOPBACK = "127.0.0.1";

function addressText(value: AddressObject | AddressObject[] | undefined): string {
  if (!value) return "";
  return (Array.isArray(value) ? value : [value]).map((address) => address.text).join(", ");
}

function isTo(mail: ReceivedMail, address: string): boolean {
  return mail.to.includes(address.trim().toLowerCase());
}

export async function startSmtpSink({ port = 0 }: { port?: number } = {}): Promise<SmtpSink> {
  const messages: ReceivedMail[] = [];
  const waiters = new Set<{ to: string; resolve: (mail: ReceivedMail) => void }>();

  const server = new SMTPServer({
    // Plain SMTP without auth: nodemailer would otherwise try STARTTLS with the
    // server's self-signed certificate.
    disabledCommands: ["STARTTLS", "AUTH"],
    authOptional: true,
    logger: false,
    banner: "smtp-sink",
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((parsed) => {
          const mail: ReceivedMail = {
            to: session.envelope.rcptTo.map((recipient) => recipient.address.toLowerCase()),
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
            headers: { to: addressText(parsed.to), from: addressText(parsed.from) },
            subject: parsed.subject ?? "",
            text: parsed.text ?? "",
            html: typeof parsed.html === "string" ? parsed.html : "",
            receivedAt: new Date(),
          };
          messages.push(mail);
          for (const waiter of waiters) {
            if (isTo(mail, waiter.to)) {
              waiters.delete(waiter);
              waiter.resolve(mail);
            }
          }
          callback();
        })
        .catch((error: unknown) => callback(error instanceof Error ? error : new Error(String(error))));
    },
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, LOOPBACK, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.server.address();
  if (!address || typeof address === "string") throw new Error("SMTP sink has no TCP address");

  return {
    port: address.port,
    url: `smtp://${LOOPBACK}:${address.port}`,
    messages,
    mailsTo: (to) => messages.filter((mail) => isTo(mail, to)),
    waitForMail(to, { timeoutMs = 5_000 } = {}) {
      const received = messages.findLast((mail) => isTo(mail, to));
      if (received) return Promise.resolve(received);
      return new Promise<ReceivedMail>((resolve, reject) => {
        const waiter = {
          to,
          resolve: (mail: ReceivedMail) => {
            clearTimeout(timer);
            resolve(mail);
          },
        };
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          reject(new Error(`No mail to ${to} within ${timeoutMs} ms`));
        }, timeoutMs);
        waiters.add(waiter);
      });
    },
    clear() {
      messages.length = 0;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * A TCP server that accepts connections and never says a word: an SMTP server
 * that hangs. Clients must give up by their own timeouts.
 */
export async function startSilentTcpServer(): Promise<{ port: number; url: string; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on("error", () => undefined);
    socket.on("close", () => sockets.delete(socket));
  });
  const port = await listenOnLoopback(server);
  return {
    port,
    url: `smtp://${LOOPBACK}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A loopback port that nothing listens on (it was free a moment ago). */
export async function unusedLoopbackPort(): Promise<number> {
  const server = net.createServer();
  const port = await listenOnLoopback(server);
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function listenOnLoopback(server: net.Server): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, LOOPBACK, () => resolve());
  });
  const address = server.address();
  if (!address || typeof address === "string") throw new Error("Server has no TCP address");
  return address.port;
}
