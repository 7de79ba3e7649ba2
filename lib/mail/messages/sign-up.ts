import { renderMailLayout } from "@/lib/mail/layout";

/** The link that continues a sign-up for an address without a user. */
export function signUpLinkMail({ link, hours }: { link: string; hours: number }) {
  return {
    subject: "Finish creating your account",
    ...renderMailLayout({
      title: "Finish creating your account",
      paragraphs: [
        "Someone asked to create a customer area account with this email address. Follow the link to choose your account name and password.",
        `The link works once and expires in ${hours} hours.`,
      ],
      action: { label: "Create your account", url: link },
      footer: "If you did not ask for this, you can ignore this email; no account is created until the link is used.",
    }),
  };
}

/** Sign-up with an address that already has a user: nothing is created, the owner of the mailbox is told how to get in. */
export function signUpExistingAddressMail({ signInUrl, forgotPasswordUrl }: { signInUrl: string; forgotPasswordUrl: string }) {
  return {
    subject: "You already have a customer area user",
    ...renderMailLayout({
      title: "You already have a customer area user",
      paragraphs: [
        "Someone asked to create a customer area account with this email address, but it already belongs to a user, so nothing was created.",
        `Sign in instead: ${signInUrl}`,
        "Forgot your password? Ask for a reset link:",
      ],
      action: { label: "Forgot password?", url: forgotPasswordUrl },
      footer: "If you did not ask for this, you can ignore this email; nothing changed.",
    }),
  };
}
