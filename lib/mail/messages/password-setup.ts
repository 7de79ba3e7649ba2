import { renderMailLayout } from "@/lib/mail/layout";

type PasswordSetupMailInput = { inviteeName: string; ownerName: string; accountName: string; link: string };

export function passwordSetupMail({ inviteeName, ownerName, accountName, link }: PasswordSetupMailInput) {
  return {
    subject: `${ownerName} added you to ${accountName}`,
    ...renderMailLayout({
      title: `Welcome to ${accountName}`,
      paragraphs: [
        `Hello ${inviteeName},`,
        `${ownerName} added you as a user of ${accountName} in the customer area. Choose your password to get started.`,
        "The link works once and expires in 24 hours.",
      ],
      action: { label: "Set your password", url: link },
      footer: "If you did not expect this, you can ignore this email; nothing happens until the link is used.",
    }),
  };
}
