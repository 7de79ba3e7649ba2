import { afterAll, beforeAll } from "vitest";
import { VERIFICATION_CODE_PATTERN } from "@/lib/mail/messages/email-code";
import { configureMailer } from "@/lib/mail/send-mail";
import { startSmtpSink, unusedLoopbackPort, type SmtpSink } from "@/tests/support/smtp-sink";

const TEST_MAIL_FROM = "Acme customer area <no-reply@acme.test>";

/**
 * For a test file whose mails should reach a real SMTP server on loopback:
 * starts one before the file's tests, points the app's mailer at it, and
 * returns a getter for it.
 */
export function useSmtpSink(): () => SmtpSink {
  let sink: SmtpSink | undefined;
  beforeAll(async () => {
    sink = await startSmtpSink();
    configureMailer({ smtpUrl: sink.url, mailFrom: TEST_MAIL_FROM });
  });
  afterAll(async () => {
    configureMailer({});
    await sink?.close();
  });
  return () => {
    if (!sink) throw new Error("useSmtpSink(): the sink starts in beforeAll");
    return sink;
  };
}

/** Runs `work` while the mail server cannot be reached (a closed loopback port), then restores the mailer. */
export async function whileMailServerDown<T>(work: () => Promise<T>): Promise<T> {
  const previous = configureMailer({ smtpUrl: `smtp://127.0.0.1:${await unusedLoopbackPort()}` });
  try {
    return await work();
  } finally {
    configureMailer(previous);
  }
}

/** The verification code in a mail's text, read as a user would. */
export function verificationCodeIn(text: string): string {
  const code = VERIFICATION_CODE_PATTERN.exec(text)?.[1];
  if (!code) throw new Error("No verification code in the mail");
  return code;
}
