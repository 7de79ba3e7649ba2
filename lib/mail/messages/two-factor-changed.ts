import type { TwoFactorMethodType } from "@/lib/generated/prisma/enums";
import { greeting, renderMailLayout } from "@/lib/mail/layout";
import { trustedBrowsersRemovedSentence } from "@/lib/mail/messages/trusted-browsers-removed";
import type { RequestContext } from "@/lib/request-context";
import { METHOD_WORDS } from "@/lib/two-factor/methods";

export type TwoFactorChange = {
  kind: "enabled" | "disabled" | "primary";
  method: TwoFactorMethodType;
  /** How many trusted browsers the change ended (turning a method off ends them all). */
  trustedBrowsersRemoved?: number;
};

function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function describe({ kind, method, trustedBrowsersRemoved = 0 }: TwoFactorChange): SecurityNotice {
  const words = METHOD_WORDS[method];
  switch (kind) {
    case "enabled":
      return {
        subject: `${words.name} turned on`,
        sentence: `${capitalized(words.inSentence)} was turned on for two-factor authentication of your customer area user`,
        more: [words.fromNowOn],
      };
    case "disabled":
      return {
        subject: `${words.name} turned off`,
        sentence: `${capitalized(words.inSentence)} was turned off for two-factor authentication of your customer area user`,
        more: trustedBrowsersRemovedSentence(trustedBrowsersRemoved),
      };
    case "primary":
      return {
        subject: "Primary verification method changed",
        sentence: `Your primary two-factor method was set to ${words.inSentence}`,
        more: [],
      };
  }
}

/** What one notice says: its subject, what happened (completed with when and from where), and what follows from it. */
export type SecurityNotice = { subject: string; sentence: string; more: string[] };

/** A notice about a change the user did not necessarily make: when, from where, and what to do if it was not them. */
export function securityNoticeMail(name: string, { subject, sentence, more }: SecurityNotice, context: RequestContext, changedAt: Date) {
  const where = context.ipAddress ? ` from the address ${context.ipAddress}.` : ".";
  return {
    subject,
    ...renderMailLayout({
      title: subject,
      paragraphs: [greeting(name), `${sentence} on ${changedAt.toUTCString()}${where}`, ...more],
      footer:
        "If this was not you, change your password right away, sign out your other sessions on the Security and access page, and contact the owner of your account.",
    }),
  };
}

/** A notice about a 2FA change the user did not necessarily make; never holds a code or secret. */
export function twoFactorChangedMail(name: string, change: TwoFactorChange, context: RequestContext, changedAt: Date) {
  return securityNoticeMail(name, describe(change), context, changedAt);
}
