import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { config } from "@/lib/config";
import { db } from "@/lib/db";
import { listOutboxMails } from "@/lib/mail/dev-outbox";
import { renderMailLayout } from "@/lib/mail/layout";
import { MailDeliveryError, sendMail, type OutgoingMail } from "@/lib/mail/send-mail";
import { startSilentTcpServer, startSmtpSink, unusedLoopbackPort, type SmtpSink } from "@/tests/support/smtp-sink";

const MAIL_FROM = "Acme customer area <no-reply@acme.test>";

function codeMail(to: string, subject = "Your verification code"): OutgoingMail {
  return {
    to,
    subject,
    ...renderMailLayout({
      title: "Your verification code",
      paragraphs: ["Hello <Ada & Co>, enter this code to turn on two-factor authentication."],
      code: { label: "Verification code", value: "493027" },
      action: { label: "Open Security and access", url: "http://localhost:3000/customer-area/security?a=1&b=2" },
    }),
  };
}

describe("sendMail through an SMTP server", () => {
  let sink: SmtpSink;

  beforeAll(async () => {
    sink = await startSmtpSink();
  });
  afterAll(async () => {
    await sink.close();
  });

  it("delivers the mail with the same content as text and as escaped HTML", async () => {
    const delivery = await sendMail(codeMail("Ada@Example.test"), { smtpUrl: sink.url, mailFrom: MAIL_FROM });

    expect(delivery.via).toBe("smtp");
    const received = await sink.waitForMail("ada@example.test", { timeoutMs: 2_000 });
    expect(received.to).toEqual(["ada@example.test"]);
    expect(received.from).toBe("no-reply@acme.test");
    expect(received.headers.from).toBe('"Acme customer area" <no-reply@acme.test>');
    expect(received.subject).toBe("Your verification code");

    expect(received.text).toContain("Hello <Ada & Co>, enter this code to turn on two-factor authentication.");
    expect(received.text).toContain("Verification code: 493027");
    expect(received.text).toContain("http://localhost:3000/customer-area/security?a=1&b=2");

    expect(received.html).toContain("Hello &lt;Ada &amp; Co&gt;, enter this code");
    expect(received.html).not.toContain("<Ada");
    expect(received.html).toContain(">493027</p>");
    expect(received.html).toContain('href="http://localhost:3000/customer-area/security?a=1&amp;b=2"');
  });

  it("uses the configured sender when none is passed", async () => {
    await sendMail(codeMail("grace@example.test"), { smtpUrl: sink.url });
    const received = await sink.waitForMail("grace@example.test");
    expect(config().mailFrom).toContain(received.from);
  });
});

describe("sendMail when the SMTP server is down", () => {
  it("throws MailDeliveryError when the connection is refused", async () => {
    const port = await unusedLoopbackPort();
    const sending = sendMail(codeMail("ada@example.test"), { smtpUrl: `smtp://127.0.0.1:${port}`, mailFrom: MAIL_FROM });

    await expect(sending).rejects.toBeInstanceOf(MailDeliveryError);
    await expect(sending).rejects.toMatchObject({ reason: "connection_failed" });
  });

  it("throws MailDeliveryError on timeout when the server accepts but never answers", async () => {
    const silent = await startSilentTcpServer();
    try {
      const startedAt = Date.now();
      const sending = sendMail(codeMail("ada@example.test"), {
        smtpUrl: silent.url,
        mailFrom: MAIL_FROM,
        connectionTimeoutMs: 300,
        greetingTimeoutMs: 300,
        socketTimeoutMs: 300,
      });

      await expect(sending).rejects.toBeInstanceOf(MailDeliveryError);
      await expect(sending).rejects.toMatchObject({ reason: "timeout" });
      expect(Date.now() - startedAt).toBeLessThan(5_000);
    } finally {
      await silent.close();
    }
  });

  it("never puts the body into the error message", async () => {
    const port = await unusedLoopbackPort();
    const error = await sendMail(codeMail("ada@example.test"), {
      smtpUrl: `smtp://127.0.0.1:${port}`,
      mailFrom: MAIL_FROM,
    }).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(MailDeliveryError);
    expect(String((error as Error).message)).not.toContain("493027");
  });
});

describe("sendMail without an SMTP server", () => {
  const development = { smtpUrl: undefined, mailFrom: MAIL_FROM, isProduction: false };

  it("stores the mail in the dev outbox in development, listed newest first", async () => {
    const first = await sendMail(codeMail("outbox@example.test", "First mail"), development);
    const second = await sendMail(codeMail("outbox@example.test", "Second mail"), development);
    await sendMail(codeMail("someone-else@example.test", "Not for outbox@"), development);

    expect(first.via).toBe("dev-outbox");
    expect(second.via).toBe("dev-outbox");
    const mails = await listOutboxMails({ to: "Outbox@Example.test" });
    expect(mails.map((mail) => mail.subject)).toEqual(["Second mail", "First mail"]);
    const [newest] = mails;
    expect(newest).toMatchObject({ from: MAIL_FROM, to: "outbox@example.test" });
    expect(newest?.text).toContain("Verification code: 493027");
    expect(newest?.html).toContain(">493027</p>");

    const all = await listOutboxMails();
    expect(all[0]?.subject).toBe("Not for outbox@");
    expect(all.map((mail) => mail.subject)).toEqual(expect.arrayContaining(["First mail", "Second mail"]));
  });

  it("writes the dev outbox through the transaction it is given", async () => {
    await expect(
      db.$transaction(async (tx) => {
        await sendMail(codeMail("rolled-back@example.test"), { ...development, outboxDb: tx });
        throw new Error("roll back");
      }),
    ).rejects.toThrow("roll back");
    expect(await listOutboxMails({ to: "rolled-back@example.test" })).toEqual([]);

    await db.$transaction((tx) => sendMail(codeMail("committed@example.test"), { ...development, outboxDb: tx }));
    expect(await listOutboxMails({ to: "committed@example.test" })).toHaveLength(1);
  });

  it("refuses to fall back to the dev outbox in production", async () => {
    const sending = sendMail(codeMail("prod@example.test"), { ...development, isProduction: true });

    await expect(sending).rejects.toMatchObject({ name: "MailDeliveryError", reason: "not_configured" });
    expect(await listOutboxMails({ to: "prod@example.test" })).toEqual([]);
  });
});

describe("renderMailLayout", () => {
  it("refuses action links that are not http(s)", () => {
    expect(() =>
      renderMailLayout({ title: "x", paragraphs: [], action: { label: "Open", url: "javascript:alert(1)" } }),
    ).toThrow(/http/);
  });
});
