import type { BrowserItem } from "@/lib/security/security-page-data";
import { signOutSessionAction } from "../actions";
import { BrowserList } from "./browser-list";
import { SignOutOtherSessionsButton } from "./sign-out-other-sessions-button";

type SessionsSectionProps = { sessions: BrowserItem[]; sessionCount: number };

/** `Sessions`: where the user is signed in, each other one with `Sign out`, and `Sign out other sessions`. */
export function SessionsSection({ sessions, sessionCount }: SessionsSectionProps) {
  const hidden = sessionCount - sessions.length;
  return (
    <section className="card" aria-labelledby="sessions-heading">
      <h2 id="sessions-heading">Sessions</h2>
      <p className="method-note">
        Where you are signed in now. If you do not recognise one, sign it out and change your password.
      </p>
      <BrowserList
        items={sessions}
        action={signOutSessionAction}
        field="sessionId"
        buttonLabel="Sign out"
        sinceLabel="Started"
        doneMessage="That session was signed out. Its browser must sign in again."
        currentNote="Sign out here from the menu at the top."
      />
      {hidden > 0 && (
        <p className="method-note">
          And {hidden} more {hidden === 1 ? "session" : "sessions"}, used less recently: Sign out other sessions ends
          them too.
        </p>
      )}
      <div className="sessions-row">
        <p className="method-note">Lost a device, or signed in somewhere you no longer use? End every session but this one.</p>
        <SignOutOtherSessionsButton />
      </div>
    </section>
  );
}
