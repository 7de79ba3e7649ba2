import type { SecurityEventType, TwoFactorMethodType } from "@/lib/generated/prisma/enums";
import type { SecurityActivityItem } from "@/lib/security/security-page-data";
import { METHOD_WORDS } from "@/lib/two-factor/methods";

type Describe = (method: TwoFactorMethodType | null, count: number) => string;

const times = (count: number, one: string, many: string) => (count === 1 ? one : `${count} ${many}`);

const aboutMethod = (describe: (words: (typeof METHOD_WORDS)[TwoFactorMethodType]) => string, otherwise: string): Describe =>
  (type) => (type ? describe(METHOD_WORDS[type]) : otherwise);

const DESCRIPTIONS: Record<SecurityEventType, Describe> = {
  sign_in: () => "Signed in with the password only",
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
    `${times(count, "Wrong verification code", "wrong verification codes")}${method ? ` (${METHOD_WORDS[method].name})` : ""}`,
  attempts_blocked: (_method, count) =>
    times(count, "Attempt held back after too many failures", "attempts held back after too many failures"),
  primary_method_changed: aboutMethod((words) => `Primary method set to ${words.inSentence}`, "Primary method changed"),
  sign_in_recovery_code: () => "Signed in with a recovery code",
  recovery_code_failed: (_method, count) => times(count, "Wrong recovery code at sign-in", "wrong recovery codes at sign-in"),
  recovery_codes_generated: () => "Recovery codes generated",
};
const timeFormat = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

/** A rough "Chrome on Linux" from a user agent; the full string is in the title. */
function deviceName(userAgent: string | null): string {
  if (!userAgent) return "Unknown device";
  const browser = /Edg\//.test(userAgent)
    ? "Edge"
    : /Firefox\//.test(userAgent)
      ? "Firefox"
      : /Chrome\//.test(userAgent)
        ? "Chrome"
        : /Safari\//.test(userAgent)
          ? "Safari"
          : "A browser";
  const system = /Android/.test(userAgent)
    ? "Android"
    : /iPhone|iPad/.test(userAgent)
      ? "iOS"
      : /Windows/.test(userAgent)
        ? "Windows"
        : /Mac OS X/.test(userAgent)
          ? "macOS"
          : /Linux/.test(userAgent)
            ? "Linux"
            : "an unknown system";
  return `${browser} on ${system}`;
}

/** The user's own recent security events, so they can spot what they did not do. */
export function SecurityActivity({ events }: { events: SecurityActivityItem[] }) {
  return (
    <section className="card" aria-labelledby="activity-heading">
      <h2 id="activity-heading">Recent security activity</h2>
      {events.length === 0 ? (
        <p className="muted">Nothing yet.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">What</th>
              <th scope="col">When (UTC)</th>
              <th scope="col">Where</th>
            </tr>
          </thead>
          <tbody>
            {events.map((event) => (
              <tr key={event.id}>
                <td>{DESCRIPTIONS[event.type](event.method, event.count)}</td>
                <td>
                  <time dateTime={event.createdAt.toISOString()}>{timeFormat.format(event.createdAt)}</time>
                </td>
                <td title={event.userAgent ?? undefined}>
                  {deviceName(event.userAgent)}
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
