import "server-only";
import { isMethodActive } from "@/lib/two-factor/active-methods";
import type { EmailCodeRecipient } from "@/lib/two-factor/email-code-format";
import { issueEmailCodeUnlessRecent, type EmailCodeSent } from "@/lib/two-factor/issue-email-code";
import { assertPasswordGranted, consumePasswordGrant } from "@/lib/two-factor/password-grant";
import { TwoFactorError } from "@/lib/two-factor/two-factor-error";

export type EmailSetupOptions = { user: EmailCodeRecipient; now?: Date };

/**
 * Step 2 of "Enable 2FA via e-mail": after `Confirm password`, mail the
 * enrolment code. The password grant is checked first but consumed only in the
 * transaction that stores the code, after the mail went out: a failed send uses
 * nothing up (the dialog still asks for the password again on a retry, which is
 * simply a fresh grant), and of parallel starts on one grant only one stores a code.
 *
 * Reopened within a minute of the last code, it sends nothing (`sent: false`)
 * and that code still works: the dialog goes on to the code step.
 *
 * Throws ALREADY_ENABLED, GRANT_REQUIRED or MailDeliveryError.
 */
export async function startEmailSetup({
  user,
  sessionId,
  now = new Date(),
}: EmailSetupOptions & { sessionId: string }): Promise<EmailCodeSent> {
  if (await isMethodActive(user.id, "email")) throw new TwoFactorError("ALREADY_ENABLED");
  const grant = { userId: user.id, sessionId, method: "email", now } as const;
  await assertPasswordGranted(grant);
  return issueEmailCodeUnlessRecent({
    user,
    purpose: "enrolment",
    now,
    alsoInTransaction: (tx) => consumePasswordGrant(grant, tx),
  });
}
