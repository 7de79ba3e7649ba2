import { renderMailLayout } from "@/lib/mail/layout";
import type { RequestContext } from "@/lib/request-context";

/** Tells the user the authentication app was turned on; never holds the secret or a code. */
export function totpEnabledMail(name: string, context: RequestContext, enabledAt: Date) {
  return {
    subject: "Authentication app turned on",
    ...renderMailLayout({
      title: "Authentication app turned on",
      paragraphs: [
        `Hello ${name},`,
        `An authentication app was turned on for two-factor authentication of your customer area user on ${enabledAt.toUTCString()}` +
          (context.ipAddress ? ` from the address ${context.ipAddress}.` : "."),
        "From now on, signing in can ask for a 6-digit verification code from that app.",
      ],
      footer:
        "If this was not you, change your password right away and contact the owner of your account: someone may have access to your user.",
    }),
  };
}
