import { customerText, greeting, renderMailLayout } from "@/lib/mail/layout";

export type TwoFactorRequirementMailInput = {
  name: string;
  ownerName: string;
  /** The new deadline, or null when the owner stopped requiring two-factor authentication. */
  requiredFrom: Date | null;
  /** Whether this user has a method already (then there is nothing to do). */
  hasTwoFactor: boolean;
  securityPageUrl: string;
};

/** To every user of the account when its owner requires two-factor authentication or stops requiring it. */
export function twoFactorRequirementMail({ name, ownerName, requiredFrom, hasTwoFactor, securityPageUrl }: TwoFactorRequirementMailInput) {
  const owner = `${customerText(ownerName)}, the owner of your account,`;
  if (!requiredFrom) {
    const subject = "Two-factor authentication is no longer required";
    return {
      subject,
      ...renderMailLayout({
        title: subject,
        paragraphs: [
          greeting(name),
          `${owner} no longer requires two-factor authentication for the users of your account.`,
          hasTwoFactor
            ? "Your own two-factor authentication stays on: keep it, it protects your sign-in."
            : "You can still turn it on for your own user on the Security and access page.",
        ],
        footer: "If you did not expect this, ask your account owner.",
      }),
    };
  }
  const subject = "Your account requires two-factor authentication";
  const now = requiredFrom.getTime() <= Date.now() + 60_000;
  return {
    subject,
    ...renderMailLayout({
      title: subject,
      paragraphs: [
        greeting(name),
        `${owner} requires two-factor authentication for every user of your account${now ? " from now on" : ` from ${requiredFrom.toUTCString()}`}.`,
        hasTwoFactor
          ? "Your user has two-factor authentication already: there is nothing for you to do."
          : now
            ? "At your next sign-in you will set up an authentication method before anything else."
            : "Set up an authentication method before then on the Security and access page; after that date, signing in takes you to the setup before anything else.",
      ],
      ...(hasTwoFactor ? {} : { action: { label: "Set up two-factor authentication", url: securityPageUrl } }),
      footer: "If you did not expect this, ask your account owner.",
    }),
  };
}
