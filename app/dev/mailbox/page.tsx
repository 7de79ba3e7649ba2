import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";

import { config } from "@/lib/config";
import { listOutboxMails } from "@/lib/mail/dev-outbox";

export const metadata: Metadata = { title: "Development mailbox", robots: { index: false } };

// The outbox changes with every mail sent: never serve a cached page.
export const dynamic = "force-dynamic";

type MailboxPageProps = { searchParams: Promise<Record<string, string | string[] | undefined>> };

/**
 * Mail bodies are rendered in an iframe sandbox without scripts or same-origin
 * access, so a mail cannot run code in, or read from, the app. Links open in a
 * new tab, as in a webmail, instead of loading the app inside the frame.
 */
function htmlForFrame(html: string): string {
  const base = '<base target="_blank">';
  const head = /<head(\s[^>]*)?>/i;
  return head.test(html) ? html.replace(head, (tag) => `${tag}${base}`) : `${base}${html}`;
}

function formatDate(date: Date): string {
  return `${date.toISOString().slice(0, 19).replace("T", " ")} UTC`;
}

export default async function DevMailboxPage({ searchParams }: MailboxPageProps) {
  const { isProduction, smtpUrl } = config();
  if (isProduction) notFound();

  const toParam = (await searchParams).to;
  const to = typeof toParam === "string" && toParam.trim() !== "" ? toParam.trim() : undefined;
  const mails = await listOutboxMails({ to });

  return (
    <main className="dev-mailbox">
      <h1>Development mailbox</h1>
      <p>
        Mails the app sent while no SMTP server is configured (<code>SMTP_URL</code> unset), newest first. This page
        does not exist in production.
      </p>
      {smtpUrl ? (
        <p role="note">SMTP_URL is set, so new mails go to that server and do not appear here.</p>
      ) : null}

      <form method="get" className="dev-mailbox-filter" role="search">
        <label htmlFor="dev-mailbox-to">Recipient</label>
        <input id="dev-mailbox-to" name="to" type="email" defaultValue={to ?? ""} autoComplete="off" />
        <button type="submit">Filter</button>
        {to ? <Link href="/dev/mailbox">Show all mails</Link> : null}
      </form>

      <p>
        {mails.length === 0
          ? to
            ? `No mails to ${to}.`
            : "No mails yet."
          : `${mails.length} ${mails.length === 1 ? "mail" : "mails"}${to ? ` to ${to}` : ""}.`}
      </p>

      {mails.map((mail) => {
        const headingId = `mail-${mail.id}-subject`;
        return (
          <article key={mail.id} className="dev-mailbox-mail" aria-labelledby={headingId}>
            <h2 id={headingId}>{mail.subject}</h2>
            <dl className="dev-mailbox-headers">
              <dt>From</dt>
              <dd>{mail.from}</dd>
              <dt>To</dt>
              <dd>{mail.to}</dd>
              <dt>Date</dt>
              <dd>
                <time dateTime={mail.createdAt.toISOString()}>{formatDate(mail.createdAt)}</time>
              </dd>
            </dl>
            <h3>Text</h3>
            <pre className="dev-mailbox-text">{mail.text}</pre>
            <h3>HTML</h3>
            <iframe
              className="dev-mailbox-html"
              title={`HTML body of "${mail.subject}"`}
              sandbox="allow-popups allow-popups-to-escape-sandbox"
              srcDoc={htmlForFrame(mail.html)}
              width="100%"
              height="400"
            />
          </article>
        );
      })}
    </main>
  );
}
