import { MethodRow } from "@/components/two-factor/method-row";
import { METHOD_LABELS, type MethodState, type MethodType } from "@/components/two-factor/methods";
import { PreferencesButton } from "@/components/two-factor/preferences-button";


const DESCRIPTIONS: Record<MethodType, string> = {
  totp: "A 6-digit code from an app on your phone, such as Google Authenticator or Microsoft Authenticator. Works offline.",
  email: "A 6-digit code sent to your email address when you sign in.",
};

/** The "Two-factor authentication" section of Security and access. */
export function TwoFactorSection({ methods, email }: { methods: MethodState[]; email: string }) {
  const activeCount = methods.filter((method) => method.active).length;
  const emailOnly = activeCount === 1 && methods.some((method) => method.type === "email" && method.active);
  return (
    <section className="card" aria-labelledby="two-factor-heading">
      <div className="card-header">
        <div>
          <h2 id="two-factor-heading">Two-factor authentication</h2>
          <p className="muted">
            {activeCount === 0
              ? "Off. Turn on a method so that your password alone is not enough to sign in."
              : "On. After your password, you confirm each sign-in with a code."}
          </p>
        </div>
        <PreferencesButton methods={methods} />
      </div>
      <ul className="method-list">
        {methods.map((method) => (
          <MethodRow
            key={method.type}
            method={method}
            label={METHOD_LABELS[method.type]}
            description={method.type === "email" ? `${DESCRIPTIONS.email} (${email})` : DESCRIPTIONS.totp}
            isSoleMethod={method.active && activeCount === 1}
          />
        ))}
      </ul>
      {emailOnly && (
        <p className="alert alert-info">
          An email code is weaker than an authentication app: whoever can get into your mailbox receives the codes
          too. We recommend also turning on the Authentication app.
        </p>
      )}
    </section>
  );
}
