import { METHOD_WORDS, onlyArticleMethods, type MethodState } from "@/lib/two-factor/methods";
import type { SecurityKeyItem } from "@/lib/two-factor/security-keys";
import { MethodRow } from "./method-row";
import { PreferencesButton } from "./preferences-button";
import { RecoveryCodesRow } from "./recovery-codes-row";

type TwoFactorSectionProps = {
  methods: MethodState[];
  securityKeys: SecurityKeyItem[];
  email: string;
  recoveryCodesLeft: number;
};

/** The "Two-factor authentication" section of Security and access. */
export function TwoFactorSection({ methods, securityKeys, email, recoveryCodesLeft }: TwoFactorSectionProps) {
  const activeTypes = methods.filter((method) => method.active).map((method) => method.type);
  const activeCount = activeTypes.length;
  const articleWords = onlyArticleMethods(activeTypes);
  const emailOnly = activeCount === 1 && methods.some((method) => method.type === "email" && method.active);
  return (
    <section className="card" id="two-factor" tabIndex={-1} aria-labelledby="two-factor-heading">
      <div className="card-header">
        <div>
          <h2 id="two-factor-heading">Two-factor authentication</h2>
          <p className="muted">
            {activeCount === 0
              ? "Off. Turn on a method so that your password alone is not enough to sign in."
              : articleWords
                ? "On. After your password, you confirm each sign-in with a code."
                : "On. After your password, you confirm each sign-in with a security key, a passkey or a code."}
          </p>
        </div>
        <PreferencesButton methods={methods} articleWords={articleWords} />
      </div>
      <ul className="method-list">
        {methods.map((method) => {
          const { description } = METHOD_WORDS[method.type];
          return (
            <MethodRow
              key={method.type}
              method={method}
              description={method.type === "email" ? `${description} (${email})` : description}
              isSoleMethod={method.active && activeCount === 1}
              remaining={methods.find((other) => other.active && other.type !== method.type)?.type}
              articleWords={articleWords}
              email={email}
              securityKeys={method.type === "webauthn" ? securityKeys : undefined}
            />
          );
        })}
      </ul>
      <RecoveryCodesRow twoFactorOn={activeCount > 0} codesLeft={recoveryCodesLeft} email={email} />
      {emailOnly && (
        <p className="alert alert-info">
          An email code is weaker than an authentication app: whoever can get into your mailbox receives the codes
          too. We recommend also turning on the Authentication app.
        </p>
      )}
    </section>
  );
}
