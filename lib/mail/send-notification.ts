import "server-only";
import { MailDeliveryError, sendMail, type OutgoingMail } from "@/lib/mail/send-mail";

/**
 * A notice about a change that is already saved: a mail outage must not undo
 * the change, so failure is reported as `false` (the UI says so) and logged
 * without the body.
 */
export async function sendNotification(to: string, mail: Omit<OutgoingMail, "to">): Promise<boolean> {
  try {
    await sendMail({ to, ...mail });
    return true;
  } catch (error) {
    if (!(error instanceof MailDeliveryError)) throw error;
    console.error(`Notification "${mail.subject}" could not be sent: ${error.reason}`);
    return false;
  }
}
