import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";

import { config } from "@/lib/config";
import { listOutboxMails } from "@/lib/mail/dev-outbox";
import { renderMailLayout } from "@/lib/mail/layout";
import { configureMailer, MailDeliveryError, sendMail, type MailerOptions, type OutgoingMail } from "@/lib/mail/send-mail";
import { startSilentTcpServer, startSmtpSink, unusedLoopbackPort, type SmtpSink } from "@/tests/support/smtp-sink";

const MAIL_FROM = "Acme customer area <no-reply@acme.test>";

/** sendMail as configured by `options` (the test seam), restored after each test. */
function sendWith(options: MailerOptions, mail: OutgoingMail) {
  configureMailer(options);
  return sendMail(mail);
}

afterEach(() => {
  configureMailer({});
});

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
    const delivery = await sendWith({ smtpUrl: sink.url, mailFrom: MAIL_FROM }, codeMail("Ada@Example.test"));

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
    await sendWith({ smtpUrl: sink.url }, codeMail("grace@example.test"));
    const received = await sink.waitForMail("grace@example.test");
    expect(config().mailFrom).toContain(received.from);
  });
});

describe("sendMail when the SMTP server is down", () => {
  it("throws MailDeliveryError when the connection is refused", async () => {
    const port = await unusedLoopbackPort();
    const sending = sendWith({ smtpUrl: `smtp://127.0.0.1:${port}`, mailFrom: MAIL_FROM }, codeMail("ada@example.test"));

    await expect(sending).rejects.toBeInstanceOf(MailDeliveryError);
    await expect(sending).rejects.toMatchObject({ reason: "connection_failed" });
  });

  it("throws MailDeliveryError on timeout when the server accepts but never answers", async () => {
    const silent = await startSilentTcpServer();
    try {
      const startedAt = Date.now();
      const shortTimeouts = { connectionTimeoutMs: 300, greetingTimeoutMs: 300, socketTimeoutMs: 300 };
      const sending = sendWith({ smtpUrl: silent.url, mailFrom: MAIL_FROM, ...shortTimeouts }, codeMail("ada@example.test"));

      await expect(sending).rejects.toBeInstanceOf(MailDeliveryError);
      await expect(sending).rejects.toMatchObject({ reason: "timeout" });
      expect(Date.now() - startedAt).toBeLessThan(5_000);
    } finally {
      await silent.close();
    }
  });

  it("never puts the body into the error message", async () => {
    const port = await unusedLoopbackPort();
    const error = await sendWith(
      { smtpUrl: `smtp://127.0.0.1:${port}`, mailFrom: MAIL_FROM },
      codeMail("ada@example.test"),
    ).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(MailDeliveryError);
    expect(String((error as Error).message)).not.toContain("493027");
  });
});

describe("sendMail without an SMTP server", () => {
  const development = { smtpUrl: undefined, mailFrom: MAIL_FROM, isProduction: false };

  it("stores the mail in the dev outbox in development, listed newest first", async () => {
    const first = await sendWith(development, codeMail("outbox@example.test", "First mail"));
    const second = await sendWith(development, codeMail("outbox@example.test", "Second mail"));
    await sendWith(development, codeMail("someone-else@example.test", "Not for outbox@"));

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

  it("refuses to fall back to the dev outbox in production", async () => {
    const sending = sendWith({ ...development, isProduction: true }, codeMail("prod@example.test"));

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
