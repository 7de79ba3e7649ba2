import { greeting, renderMailLayout } from "@/lib/mail/layout";
import { trustedBrowsersRemovedSentence } from "@/lib/mail/messages/trusted-browsers-removed";
import type { RequestContext } from "@/lib/request-context";

export function passwordChangedMail(name: string, context: RequestContext, { trustedBrowsersRemoved = 0 } = {}) {
  return {
    subject: "Your password was changed",
    ...renderMailLayout({
      title: "Your password was changed",
      paragraphs: [
        greeting(name),
        `The password of your customer area user was changed on ${new Date().toUTCString()}` +
          (context.ipAddress ? ` from the address ${context.ipAddress}.` : "."),
        "Every other session was signed out.",
        ...trustedBrowsersRemovedSentence(trustedBrowsersRemoved),
      ],
      footer:
        "If this was not you, contact the owner of your account right away: someone may know your password.",
    }),
  };
}
