import "server-only";

import nodemailer from "nodemailer";
import SMTPTransport from "nodemailer/lib/smtp-transport/index.js";

import { config } from "@/lib/config";
import { db } from "@/lib/db";

/**
 * The one way the app sends mail. With an SMTP server (SMTP_URL) it delivers
 * through nodemailer with short timeouts, so a dead server fails the request
 * within seconds instead of minutes; without one, in development only, the mail
 * goes to the dev outbox (DevOutboxMail, shown at /dev/mailbox).
 *
 * Bodies may hold one-time codes and links: they are never logged, and error
 * messages carry nodemailer's diagnosis only (which never includes the body).
 */

export type OutgoingMail = { to: string; subject: string; text: string; html: string };

export type MailerOptions = {
  /** Defaults to config().smtpUrl; undefined means "no SMTP server". */
  smtpUrl?: string | undefined;
  mailFrom?: string;
  isProduction?: boolean;
  connectionTimeoutMs?: number;
  greetingTimeoutMs?: number;
  socketTimeoutMs?: number;
};

let overrides: MailerOptions = {};

/**
 * Test seam, configured once per test file instead of threaded through every
 * signature: from now on every mail uses these settings over the configuration
 * (an SMTP sink, a dead port, short timeouts). Returns the settings it replaced;
 * `configureMailer({})` goes back to the configuration.
 */
export function configureMailer(options: MailerOptions): MailerOptions {
  const previous = overrides;
  overrides = options;
  return previous;
}

export type MailDeliveryFailure = "not_configured" | "connection_failed" | "timeout" | "auth_failed" | "rejected";

export class MailDeliveryError extends Error {
  override name = "MailDeliveryError";

  constructor(
    readonly reason: MailDeliveryFailure,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export type MailDelivery = { via: "smtp"; messageId: string } | { via: "dev-outbox"; outboxMailId: string };

const DEFAULT_MAIL_TIMEOUT_MS = 10_000;

function failureReason(error: unknown): MailDeliveryFailure {
  const code = typeof error === "object" && error !== null && "code" in error ? String(error.code) : "";
  if (code === "ETIMEDOUT") return "timeout";
  if (code === "EAUTH") return "auth_failed";
  if (code === "EENVELOPE" || code === "EMESSAGE" || code === "EREQUIRETLS") return "rejected";
  return "connection_failed";
}

function describeFailure(reason: MailDeliveryFailure): string {
  switch (reason) {
    case "timeout":
      return "The mail server did not answer in time";
    case "auth_failed":
      return "The mail server refused our credentials";
    case "rejected":
      return "The mail server rejected the message";
    default:
      return "Could not connect to the mail server";
  }
}

async function deliverBySmtp(mail: OutgoingMail, smtpUrl: string, from: string, options: MailerOptions) {
  // Not createTransport({ url, ...timeouts }): given a url, createTransport drops
  // every other option. SMTPTransport merges them, and settings in the URL's
  // query string still win.
  const transport = nodemailer.createTransport(
    new SMTPTransport({
      url: smtpUrl,
      connectionTimeout: options.connectionTimeoutMs ?? DEFAULT_MAIL_TIMEOUT_MS,
      greetingTimeout: options.greetingTimeoutMs ?? DEFAULT_MAIL_TIMEOUT_MS,
      socketTimeout: options.socketTimeoutMs ?? DEFAULT_MAIL_TIMEOUT_MS,
      logger: false,
      debug: false,
    }),
  );
  try {
    const info = await transport.sendMail({ from, to: mail.to, subject: mail.subject, text: mail.text, html: mail.html });
    return { via: "smtp", messageId: info.messageId } as const;
  } catch (error) {
    const reason = failureReason(error);
    const detail = error instanceof Error ? `: ${error.message}` : "";
    throw new MailDeliveryError(reason, `${describeFailure(reason)}${detail}`, { cause: error });
  } finally {
    transport.close();
  }
}

async function storeInDevOutbox(mail: OutgoingMail, from: string) {
  const stored = await db.devOutboxMail.create({
    data: { from, to: mail.to, subject: mail.subject, text: mail.text, html: mail.html },
    select: { id: true },
  });
  // Subject and recipient only: the body may hold a code.
  console.info(`[mail] No SMTP_URL: stored "${mail.subject}" to ${mail.to} in the dev outbox, see /dev/mailbox`);
  return { via: "dev-outbox", outboxMailId: stored.id } as const;
}

type MailSettings = { smtpUrl: string | undefined; mailFrom: string; isProduction: boolean };

function resolveSettings(options: MailerOptions): MailSettings {
  // The configuration is read only for what the caller did not supply.
  return {
    smtpUrl: "smtpUrl" in options ? options.smtpUrl : config().smtpUrl,
    mailFrom: options.mailFrom ?? config().mailFrom,
    isProduction: options.isProduction ?? config().isProduction,
  };
}

/**
 * Sends one mail, outside any transaction (the dev outbox writes through the
 * global client). Throws MailDeliveryError when it could not be handed to a server.
 */
export async function sendMail(mail: OutgoingMail): Promise<MailDelivery> {
  const { smtpUrl, mailFrom, isProduction } = resolveSettings(overrides);
  if (smtpUrl) return deliverBySmtp(mail, smtpUrl, mailFrom, overrides);
  if (isProduction) {
    throw new MailDeliveryError("not_configured", "SMTP_URL is not set; production never uses the dev outbox");
  }
  return storeInDevOutbox(mail, mailFrom);
}
