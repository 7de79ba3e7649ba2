import { TRUSTED_BROWSER_DAYS } from "@/lib/auth/trusted-browsers";
import { providerName } from "@/lib/identity-providers/providers";
import type { SecurityEventType, TwoFactorMethodType } from "@/lib/generated/prisma/enums";
import type { SecurityActivityItem } from "@/lib/security/security-page-data";
import { METHOD_WORDS } from "@/lib/two-factor/methods";
import { LocalTime } from "@/components/ui/local-time";
import { TableHead } from "@/components/ui/table-head";

type Describe = (
  method: TwoFactorMethodType | null,
  count: number,
  relatedUser: SecurityActivityItem["relatedUser"],
  provider: string,
) => string;

const whom = (relatedUser: SecurityActivityItem["relatedUser"], otherwise: string) =>
  relatedUser ? `${relatedUser.name} (${relatedUser.email})` : otherwise;

const times = (count: number, one: string, many: string) => (count === 1 ? one : `${count} ${many}`);

const aboutMethod = (describe: (words: (typeof METHOD_WORDS)[TwoFactorMethodType]) => string, otherwise: string): Describe =>
  (type) => (type ? describe(METHOD_WORDS[type]) : otherwise);

const DESCRIPTIONS: Record<SecurityEventType, Describe> = {
  sign_in: (_method, _count, _user, provider) => (provider ? `Signed in with ${provider}` : "Signed in with the password only"),
  sign_in_second_factor: aboutMethod((words) => `Signed in with ${words.inSentence}`, "Signed in with two-factor authentication"),
  password_changed: () => "Password changed",
  password_set: () => "Password set from the invitation link",
  other_sessions_signed_out: () => "Other sessions signed out",
  two_factor_enabled: aboutMethod((words) => `${words.name} turned on`, "Two-factor method turned on"),
  two_factor_disabled: aboutMethod((words) => `${words.name} turned off`, "Two-factor method turned off"),
  sign_in_failed: (_method, count) => times(count, "Wrong password at sign-in", "wrong passwords at sign-in"),
  password_confirmation_failed: (_method, count) =>
    times(count, "Wrong password when confirming a change", "wrong passwords when confirming a change"),
  code_failed: (method, count) =>
    method === "webauthn"
      ? times(count, "Security key or passkey refused at sign-in", "security key or passkey answers refused at sign-in")
      : `${times(count, "Wrong verification code", "wrong verification codes")}${method ? ` (${METHOD_WORDS[method].name})` : ""}`,
  attempts_blocked: (_method, count) =>
    times(count, "Attempt held back after too many failures", "attempts held back after too many failures"),
  primary_method_changed: aboutMethod((words) => `Primary method set to ${words.inSentence}`, "Primary method changed"),
  sign_in_recovery_code: () => "Signed in with a recovery code",
  recovery_code_failed: (_method, count) => times(count, "Wrong recovery code at sign-in", "wrong recovery codes at sign-in"),
  recovery_codes_generated: () => "Recovery codes generated",
  sign_in_trusted_browser: (_method, _count, _user, provider) =>
    `Signed in with ${provider || "the password"} on a trusted browser (no code asked)`,
  session_signed_out: () => "A session signed out from the Sessions list",
  browser_trusted: () => `Browser trusted for ${TRUSTED_BROWSER_DAYS} days`,
  trusted_browser_removed: () => "A trusted browser removed",
  trusted_browsers_removed: () => "All trusted browsers removed",
  two_factor_reset: (_method, _count, owner) =>
    `Two-factor authentication reset by ${whom(owner, "the account owner")}: methods and recovery codes removed, every session signed out`,
  two_factor_reset_for_user: (_method, _count, user) =>
    `You reset the two-factor authentication of ${whom(user, "a user who was since removed")}`,
  two_factor_required: (_method, _count, owner) =>
    `The account now requires two-factor authentication (${owner ? `set by ${whom(owner, "")}` : "you set it"})`,
  two_factor_requirement_removed: (_method, _count, owner) =>
    `The account no longer requires two-factor authentication (${owner ? `set by ${whom(owner, "")}` : "you set it"})`,
  security_key_added: () => "Security key or passkey added",
  security_key_renamed: () => "Security key or passkey renamed",
  security_key_removed: () => "Security key or passkey removed",
  password_reset_requested: () => "Password reset link sent by email",
  password_reset: () => "Password reset from the emailed link",
  identity_connected: (_method, _count, _user, provider) => `${provider} connected: it can sign you in`,
  identity_removed: (_method, _count, _user, provider) => `${provider} removed from your connected accounts`,
};

/** The user's own recent security events, so they can spot what they did not do. */
export function SecurityActivity({ events }: { events: SecurityActivityItem[] }) {
  return (
    <section className="card" aria-labelledby="activity-heading">
      <h2 id="activity-heading">Recent security activity</h2>
      {events.length === 0 ? (
        <p className="muted">Nothing yet.</p>
      ) : (
        // The roles are explicit because a phone lays the rows out as blocks (globals.css), which would
        // otherwise cost the table its semantics in some browsers.
        <table className="activity-table" role="table">
          <TableHead columns={["What", "When", "Where"]} />
          <tbody role="rowgroup">
            {events.map((event) => (
              <tr key={event.id} role="row">
                <td role="cell">{DESCRIPTIONS[event.type](event.method, event.count, event.relatedUser, event.provider ? providerName(event.provider) : "")}</td>
                <td role="cell">
                  <LocalTime date={event.createdAt} />
                </td>
                <td role="cell" title={event.userAgent ?? undefined}>
                  {event.browser}
                  {event.ipAddress ? `, ${event.ipAddress}` : ""}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p className="method-note">If you see something you did not do, change your password and sign out other sessions.</p>
    </section>
  );
}
