/**
 * One look for every mail: a title, paragraphs, an optional action link and an
 * optional highlighted code, rendered as plain text and as simple HTML with the
 * same content. Everything interpolated into the HTML is escaped, so user data
 * (names, emails) cannot inject markup into a mail.
 */

export type MailAction = { label: string; url: string };
export type MailCode = { label: string; value: string };

export type MailLayoutInput = {
  title: string;
  paragraphs: string[];
  action?: MailAction;
  code?: MailCode;
  /** Small print under the content, e.g. "If you did not ask for this, ignore this mail." */
  footer?: string;
};

export type MailBody = { text: string; html: string };

/**
 * Text that a customer typed (an account or a person's name) as it may appear
 * in a mail body: never in a subject, and with a zero-width space after every
 * ".", ":", "/" and "@", so that no mail program turns "see https://evil.test"
 * or "evil.test" into a link. It reads the same.
 */
export function customerText(value: string): string {
  return value.replace(/([.:/@])/g, "$1\u200B");
}

/** The first line of every mail. */
export function greeting(name: string): string {
  return `Hello ${customerText(name)},`;
}

const HTML_ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => HTML_ESCAPES[char] ?? char);
}

function assertWebUrl(url: string): void {
  // A mail link is only ever a link into the app; refuse javascript:, data: and the like.
  const protocol = new URL(url).protocol;
  if (protocol !== "https:" && protocol !== "http:") {
    throw new Error(`Mail action links must be http(s) URLs, got ${protocol}`);
  }
}

function renderText({ title, paragraphs, action, code, footer }: MailLayoutInput): string {
  const blocks = [title, ...paragraphs];
  if (code) blocks.push(`${code.label}: ${code.value}`);
  if (action) blocks.push(`${action.label}: ${action.url}`);
  if (footer) blocks.push(footer);
  return `${blocks.join("\n\n")}\n`;
}

function renderHtml({ title, paragraphs, action, code, footer }: MailLayoutInput): string {
  const font = "font-family:system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif";
  const parts = [
    `<h1 style="font-size:20px;margin:0 0 16px">${escapeHtml(title)}</h1>`,
    ...paragraphs.map((paragraph) => `<p style="margin:0 0 12px;line-height:1.5">${escapeHtml(paragraph)}</p>`),
  ];
  if (code) {
    parts.push(
      `<p style="margin:16px 0 4px">${escapeHtml(code.label)}:</p>`,
      `<p style="margin:0 0 16px;font-size:28px;font-weight:bold;letter-spacing:4px;font-family:ui-monospace,Menlo,Consolas,monospace">${escapeHtml(code.value)}</p>`,
    );
  }
  if (action) {
    parts.push(
      `<p style="margin:16px 0"><a href="${escapeHtml(action.url)}" style="display:inline-block;padding:10px 16px;background:#1d4ed8;color:#ffffff;text-decoration:none;border-radius:4px">${escapeHtml(action.label)}</a></p>`,
      `<p style="margin:0 0 12px;font-size:13px;color:#555555">${escapeHtml(action.url)}</p>`,
    );
  }
  if (footer) parts.push(`<p style="margin:24px 0 0;font-size:13px;color:#555555">${escapeHtml(footer)}</p>`);
  return [
    "<!doctype html>",
    '<html lang="en">',
    `<head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escapeHtml(title)}</title></head>`,
    `<body style="margin:0;padding:24px;${font};color:#111111;background:#ffffff">`,
    ...parts,
    "</body>",
    "</html>",
  ].join("\n");
}

export function renderMailLayout(input: MailLayoutInput): MailBody {
  if (input.action) assertWebUrl(input.action.url);
  return { text: renderText(input), html: renderHtml(input) };
}
