import { customerText, greeting, renderMailLayout } from "@/lib/mail/layout";

type PasswordSetupMailInput = { inviteeName: string; ownerName: string; accountName: string; link: string };

/**
 * The invitation. Names and the account name are chosen by customers, so they
 * stay out of the subject and appear in the body as plain, unlinkable text.
 */
export function passwordSetupMail({ inviteeName, ownerName, accountName, link }: PasswordSetupMailInput) {
  return {
    subject: "You were added to the customer area",
    ...renderMailLayout({
      title: "You were added to the customer area",
      paragraphs: [
        greeting(inviteeName),
        `${customerText(ownerName)} added you as a user of the account “${customerText(accountName)}” in the customer area. Choose your password to get started.`,
        "The link works once and expires in 24 hours.",
      ],
      action: { label: "Set your password", url: link },
      footer: "If you did not expect this, you can ignore this email; nothing happens until the link is used.",
    }),
  };
}
