import { renderMailLayout } from "@/lib/mail/layout";
import type { RequestContext } from "@/lib/request-context";

export function emailMethodEnabledMail(name: string, context: RequestContext, enabledAt: Date) {
  return {
    subject: "Email verification turned on",
    ...renderMailLayout({
      title: "Email verification turned on",
      paragraphs: [
        `Hello ${name},`,
        `Two-factor authentication by email was turned on for your customer area user on ${enabledAt.toUTCString()}` +
          (context.ipAddress ? ` from the address ${context.ipAddress}.` : "."),
        "From now on, signing in can ask for a code sent to this address.",
      ],
      footer:
        "If this was not you, someone may know your password: change it in Security and access right away " +
        "and contact the owner of your account.",
    }),
  };
}
