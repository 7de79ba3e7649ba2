import { customerText, greeting, renderMailLayout } from "@/lib/mail/layout";
import type { RequestContext } from "@/lib/request-context";

/**
 * To the user whose two-factor authentication their account owner reset. The
 * owner's name is the customer's own text: in the body only, never the subject.
 */
export function twoFactorResetMail(
  { name, ownerName, twoFactorRequired }: { name: string; ownerName: string; twoFactorRequired: boolean },
  context: RequestContext,
  resetAt: Date,
) {
  const subject = "Your two-factor authentication was reset";
  const where = context.ipAddress ? ` from the address ${context.ipAddress}` : "";
  return {
    subject,
    ...renderMailLayout({
      title: subject,
      paragraphs: [
        greeting(name),
        `${customerText(ownerName)}, the owner of your account, reset the two-factor authentication of your customer area user on ${resetAt.toUTCString()}${where}.`,
        "Your authentication methods and recovery codes were removed, every session of yours was signed out and no browser is trusted any more.",
        twoFactorRequired
          ? "Your account requires two-factor authentication: when you sign in with your password, you will set up a method before anything else."
          : "Sign in with your password and turn on two-factor authentication again on the Security and access page.",
      ],
      footer: "If you did not ask your account owner for this, contact them right away.",
    }),
  };
}
