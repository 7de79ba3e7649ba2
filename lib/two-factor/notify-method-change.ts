import "server-only";
import { twoFactorChangedMail, type TwoFactorChange } from "@/lib/mail/messages/two-factor-changed";
import { sendNotification } from "@/lib/mail/send-notification";
import type { RequestContext } from "@/lib/request-context";

/**
 * After a 2FA change has committed: the mail that tells the user. Its failure
 * undoes nothing; the result says whether it went out, for the screen to say so.
 */
export function notifyMethodChange(
  user: { email: string; name: string },
  change: TwoFactorChange,
  { context, now }: { context: RequestContext; now: Date },
): Promise<boolean> {
  return sendNotification(user.email, twoFactorChangedMail(user.name, change, context, now));
}
