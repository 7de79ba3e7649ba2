import { renderMailLayout } from "@/lib/mail/layout";

export type EmailCodeMailPurpose = "enrolment" | "sign-in";

type EmailCodeMailInput = { name: string; code: string; purpose: EmailCodeMailPurpose; validMinutes: number };

const INTRO: Record<EmailCodeMailPurpose, string> = {
  enrolment:
    "Enter this code in Security and access to turn on two-factor authentication by email for your customer area user.",
  "sign-in": "Enter this code to finish signing in to the customer area.",
};

/** The subject never holds the code: subjects show up in notifications, lock screens and mail logs. */
export function emailCodeMail({ name, code, purpose, validMinutes }: EmailCodeMailInput) {
  return {
    subject: "Your verification code",
    ...renderMailLayout({
      title: "Your verification code",
      paragraphs: [
        `Hello ${name},`,
        INTRO[purpose],
        `The code is valid for ${validMinutes} minutes and works once. ` +
          "Never share it with anyone; we will never ask you for it.",
      ],
      code: { label: "Verification code", value: code },
      footer:
        "If you did not ask for this code, do not enter it anywhere: someone may know your password. " +
        "Sign in and change your password in Security and access right away.",
    }),
  };
}
