import { customerText } from "@/lib/mail/layout";
import { securityNoticeMail } from "@/lib/mail/messages/two-factor-changed";
import type { RequestContext } from "@/lib/request-context";

export type IdentityChange = { kind: "connected" | "removed"; providerName: string; address: string };

/** `Connect` and `Remove` under Connected accounts: the provider's name is ours, the address the provider's (as customerText). */
export function identityChangedMail(name: string, change: IdentityChange, context: RequestContext, changedAt: Date) {
  const address = customerText(change.address);
  const notice =
    change.kind === "connected"
      ? {
          subject: `${change.providerName} sign-in connected`,
          sentence: `Your ${change.providerName} identity ${address} was connected to your customer area user`,
          more: ["From now on you can sign in with it. We still ask for your second factor after it."],
        }
      : {
          subject: `${change.providerName} sign-in removed`,
          sentence: `Your ${change.providerName} identity ${address} was removed from your customer area user`,
          more: ["It can no longer be used to sign in. Your password and your methods are unchanged."],
        };
  return securityNoticeMail(name, notice, context, changedAt);
}
