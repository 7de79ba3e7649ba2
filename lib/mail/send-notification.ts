import "server-only";
import { MailDeliveryError, sendMail, type OutgoingMail } from "@/lib/mail/send-mail";

/**
 * A notice about a change that is already saved: a mail outage must not undo
 * the change, so failure is reported as `false` (the UI says so) and logged
 * with the subject and the failure's kind only, never the body or the server's reply.
 */
export async function sendNotification(to: string, mail: Omit<OutgoingMail, "to">): Promise<boolean> {
  try {
    await sendMail({ to, ...mail });
    return true;
  } catch (error) {
    const reason = error instanceof MailDeliveryError ? error.reason : "unexpected error";
    console.error(`Notification "${mail.subject}" could not be sent: ${reason}`);
    return false;
  }
}
