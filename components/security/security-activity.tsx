import type { SecurityEventType } from "@/lib/security-events";

const DESCRIPTIONS: Record<SecurityEventType, string> = {
  "sign-in": "Signed in",
  "sign-in.second-factor": "Signed in with two-factor authentication",
  "password.changed": "Password changed",
  "password.set": "Password set from the invitation link",
  "sessions.other-revoked": "Other sessions signed out",
  "two-factor.totp.enabled": "Authentication app turned on",
  "two-factor.totp.disabled": "Authentication app turned off",
  "two-factor.email.enabled": "Email verification turned on",
  "two-factor.email.disabled": "Email verification turned off",
  "two-factor.primary-changed": "Primary method changed",
};

export type SecurityActivityItem = {
  id: string;
  type: string;
  createdAt: Date;
  ipAddress: string | null;
  userAgent: string | null;
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
                <td>{DESCRIPTIONS[event.type as SecurityEventType] ?? event.type}</td>
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
