import { greeting, renderMailLayout } from "@/lib/mail/layout";
import type { RequestContext } from "@/lib/request-context";
import { recoveryCodesLeftText } from "@/lib/two-factor/recovery-code-format";

type RecoveryCodeUsedMailInput = {
  name: string;
  codesLeft: number;
  context: RequestContext;
  usedAt: Date;
  /** Security and access, where new codes are generated. */
  securityPageUrl: string;
};

/** After a sign-in with a recovery code; never holds the code. */
export function recoveryCodeUsedMail({ name, codesLeft, context, usedAt, securityPageUrl }: RecoveryCodeUsedMailInput) {
  const where = context.ipAddress ? ` from the address ${context.ipAddress}.` : ".";
  return {
    subject: "A recovery code was used to sign in",
    ...renderMailLayout({
      title: "A recovery code was used to sign in",
      paragraphs: [
        greeting(name),
        `A recovery code was used to sign in to your customer area user on ${usedAt.toUTCString()}${where}`,
        `${recoveryCodesLeftText(codesLeft)}. Each code works once; generate new codes in Security and access when you run low.`,
      ],
      action: { label: "Open Security and access", url: securityPageUrl },
      footer:
        "If this was not you, someone has your password and one of your recovery codes: change your password right away, generate new recovery codes, sign out your other sessions on the Security and access page, and contact the owner of your account.",
    }),
  };
}
