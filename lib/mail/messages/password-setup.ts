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

type AddressHasUserMailInput = { userName: string; ownerName: string; accountName: string };

/**
 * An owner of another account tried to add an address that already has a
 * user. The owner is told nothing different (their invitation waits, unused, as
 * any other does); the person is told, so they can ask for another address.
 */
export function invitationForExistingUserMail({ userName, ownerName, accountName }: AddressHasUserMailInput) {
  return {
    subject: "An invitation to another account in the customer area",
    ...renderMailLayout({
      title: "An invitation to another account",
      paragraphs: [
        greeting(userName),
        `${customerText(ownerName)} tried to add you as a user of the account “${customerText(accountName)}” in the customer area.`,
        "Your email address already belongs to your user in another account, and an address can belong to one account only, so nothing changed.",
        "If you want to join that account too, ask them to add another email address of yours.",
      ],
      footer: "If you did not expect this, you can ignore this email; your user and its sign-in are unchanged.",
    }),
  };
}
