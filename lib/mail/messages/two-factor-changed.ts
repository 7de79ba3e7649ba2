import { renderMailLayout } from "@/lib/mail/layout";
import type { RequestContext } from "@/lib/request-context";

/** A notice about a 2FA change the user did not necessarily make; never holds a code or secret. */
export function twoFactorChangedMail(
  name: string,
  change: { subject: string; sentence: string },
  context: RequestContext,
  changedAt: Date,
) {
  return {
    subject: change.subject,
    ...renderMailLayout({
      title: change.subject,
      paragraphs: [
        `Hello ${name},`,
        `${change.sentence} on ${changedAt.toUTCString()}` + (context.ipAddress ? ` from the address ${context.ipAddress}.` : "."),
      ],
      footer:
        "If this was not you, change your password right away, sign out your other sessions on the Security and access page, and contact the owner of your account.",
    }),
  };
}
