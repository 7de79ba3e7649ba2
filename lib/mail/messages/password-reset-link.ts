import { greeting, renderMailLayout } from "@/lib/mail/layout";
import type { RequestContext } from "@/lib/request-context";

type PasswordResetLinkMailInput = {
  name: string;
  link: string;
  minutes: number;
  /** The user has two-factor authentication: the link alone does not reset the password. */
  hasTwoFactor: boolean;
  context: RequestContext;
};

/** The mail of `Send reset link`; the link is the only secret in it, and never in the subject. */
export function passwordResetLinkMail({ name, link, minutes, hasTwoFactor, context }: PasswordResetLinkMailInput) {
  const where = context.ipAddress ? ` from the address ${context.ipAddress}` : "";
  return {
    subject: "Reset your password",
    ...renderMailLayout({
      title: "Reset your password",
      paragraphs: [
        greeting(name),
        `Someone asked${where} to reset the password of your customer area user. Use the link below to choose a new one.`,
        `The link works once and expires in ${minutes} minutes. It stops working as soon as your password changes.`,
        ...(hasTwoFactor
          ? [
              "Your user has two-factor authentication: you will also need a code from your authentication app, or one of your recovery codes. A code by email cannot be used for this.",
            ]
          : []),
      ],
      action: { label: "Choose a new password", url: link },
      footer:
        "If you did not ask for this, you can ignore this email: your password stays as it is. Nobody can use the link without access to your mailbox.",
    }),
  };
}
