import type { EmailCodePurpose } from "@/lib/generated/prisma/enums";
import { greeting, renderMailLayout } from "@/lib/mail/layout";

type EmailCodeMailInput = { name: string; code: string; purpose: EmailCodePurpose; validMinutes: number };

const CODE_LABEL = "Verification code";

/** Finds the code in the text part of the mail this template writes: for tests and QA scripts. */
export const VERIFICATION_CODE_PATTERN = new RegExp(`${CODE_LABEL}: (\\d{6})`);

const INTRO: Record<EmailCodePurpose, string> = {
  enrolment:
    "Enter this code in Security and access to turn on two-factor authentication by email for your customer area user.",
  sign_in: "Enter this code to finish signing in to the customer area.",
};

/** The subject never holds the code: subjects show up in notifications, lock screens and mail logs. */
export function emailCodeMail({ name, code, purpose, validMinutes }: EmailCodeMailInput) {
  return {
    subject: "Your verification code",
    ...renderMailLayout({
      title: "Your verification code",
      paragraphs: [
        greeting(name),
        INTRO[purpose],
        `The code is valid for ${validMinutes} minutes and works once. ` +
          "Never share it with anyone; we will never ask you for it.",
      ],
      code: { label: CODE_LABEL, value: code },
      footer:
        "If you did not ask for this code, do not enter it anywhere: someone may know your password. " +
        "Sign in and change your password in Security and access right away.",
    }),
  };
}
