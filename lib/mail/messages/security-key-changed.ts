import { customerText } from "@/lib/mail/layout";
import { securityNoticeMail, type SecurityNotice } from "@/lib/mail/messages/two-factor-changed";
import { trustedBrowsersRemovedSentence } from "@/lib/mail/messages/trusted-browsers-removed";
import type { RequestContext } from "@/lib/request-context";

export type SecurityKeyChange =
  | { kind: "added"; name: string }
  | { kind: "renamed"; name: string; previousName: string }
  | { kind: "removed"; name: string; trustedBrowsersRemoved: number };

/** The key's name is the user's own text: in the body only (as customerText), never in the subject. */
function describe(change: SecurityKeyChange): SecurityNotice {
  const name = customerText(change.name);
  switch (change.kind) {
    case "added":
      return {
        subject: "Security key or passkey added",
        sentence: `The security key or passkey “${name}” was added to your customer area user`,
        more: ["From now on, signing in can ask for it as well as for your other keys and methods."],
      };
    case "renamed":
      return {
        subject: "Security key or passkey renamed",
        sentence: `Your security key or passkey “${customerText(change.previousName)}” was renamed to “${name}”`,
        more: [],
      };
    case "removed":
      return {
        subject: "Security key or passkey removed",
        sentence: `The security key or passkey “${name}” was removed from your customer area user`,
        more: ["It can no longer be used to sign in.", ...trustedBrowsersRemovedSentence(change.trustedBrowsersRemoved)],
      };
  }
}

/** A notice about one key of the user; the first key and the last one are "turned on/off" mails (two-factor-changed.ts). */
export function securityKeyChangedMail(name: string, change: SecurityKeyChange, context: RequestContext, changedAt: Date) {
  return securityNoticeMail(name, describe(change), context, changedAt);
}
