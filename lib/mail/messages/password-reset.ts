import { greeting, renderMailLayout } from "@/lib/mail/layout";
import { trustedBrowsersRemovedSentence } from "@/lib/mail/messages/trusted-browsers-removed";
import type { RequestContext } from "@/lib/request-context";
import { recoveryCodesLeftText } from "@/lib/two-factor/recovery-code-format";

type PasswordResetMailInput = {
  name: string;
  context: RequestContext;
  resetAt: Date;
  sessionsSignedOut: number;
  trustedBrowsersRemoved: number;
  /** Set when a recovery code answered the second factor: how many are left after it. */
  recoveryCodesLeft?: number;
  /** Where the user asks for another link. */
  forgotPasswordUrl: string;
};

/** After a password was reset from a mailed link: what happened, what ended, and what to do if it was not them. */
export function passwordResetMail({
  name,
  context,
  resetAt,
  sessionsSignedOut,
  trustedBrowsersRemoved,
  recoveryCodesLeft,
  forgotPasswordUrl,
}: PasswordResetMailInput) {
  const where = context.ipAddress ? ` from the address ${context.ipAddress}` : "";
  return {
    subject: "Your password was reset",
    ...renderMailLayout({
      title: "Your password was reset",
      paragraphs: [
        greeting(name),
        `The password of your customer area user was reset with a link from this mailbox on ${resetAt.toUTCString()}${where}.`,
        `${sessionsSignedOut === 0 ? "No session was signed in" : sessionsSignedOut === 1 ? "The one signed-in session was signed out" : `All ${sessionsSignedOut} signed-in sessions were signed out`}; any other reset link stopped working. Sign in with the new password.`,
        ...(recoveryCodesLeft === undefined
          ? []
          : [
              `A recovery code was used as the second factor of this reset. ${recoveryCodesLeftText(recoveryCodesLeft)}; generate new codes in Security and access when you run low.`,
            ]),
        ...trustedBrowsersRemovedSentence(trustedBrowsersRemoved),
      ],
      action: { label: "Reset the password again", url: forgotPasswordUrl },
      footer:
        "If this was not you, someone can read your mailbox (and passed your second factor, if you have one): secure your email account, reset your password again, and contact the owner of your account right away.",
    }),
  };
}
