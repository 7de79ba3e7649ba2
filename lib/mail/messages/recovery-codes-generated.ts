import { greeting, renderMailLayout } from "@/lib/mail/layout";
import { trustedBrowsersRemovedSentence } from "@/lib/mail/messages/trusted-browsers-removed";
import type { RequestContext } from "@/lib/request-context";
import { RECOVERY_CODES_PER_SET } from "@/lib/two-factor/recovery-code-format";

/** Never holds a code: they were shown once, on screen. */
export function recoveryCodesGeneratedMail(
  name: string,
  context: RequestContext,
  generatedAt: Date,
  { trustedBrowsersRemoved = 0 } = {},
) {
  const where = context.ipAddress ? ` from the address ${context.ipAddress}.` : ".";
  return {
    subject: "New recovery codes were generated",
    ...renderMailLayout({
      title: "New recovery codes were generated",
      paragraphs: [
        greeting(name),
        `${RECOVERY_CODES_PER_SET} new recovery codes were generated for your customer area user on ${generatedAt.toUTCString()}${where}`,
        "Your earlier recovery codes no longer work.",
        ...trustedBrowsersRemovedSentence(trustedBrowsersRemoved),
      ],
      footer:
        "If this was not you, change your password right away, sign out your other sessions on the Security and access page, and contact the owner of your account.",
    }),
  };
}
