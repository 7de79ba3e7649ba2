import { TRUSTED_BROWSER_DAYS } from "@/lib/auth/trusted-browsers";
import type { BrowserItem } from "@/lib/security/security-page-data";
import { removeTrustedBrowserAction } from "../actions";
import { BrowserList } from "./browser-list";
import { RemoveAllTrustedBrowsersButton } from "./remove-all-trusted-browsers-button";

/** `Trusted browsers`: where sign-in skips the code, each with `Remove`, and `Remove all`. */
export function TrustedBrowsersSection({ trustedBrowsers }: { trustedBrowsers: BrowserItem[] }) {
  return (
    <section className="card" aria-labelledby="trusted-browsers-heading">
      <h2 id="trusted-browsers-heading">Trusted browsers</h2>
      <p className="method-note">
        Where you chose &ldquo;Trust this browser for {TRUSTED_BROWSER_DAYS} days&rdquo; when signing in, the
        verification code is not asked; the password always is. Trust ends after {TRUSTED_BROWSER_DAYS} days, and for
        every browser when your password changes, a two-factor method is turned off or you generate new recovery
        codes.
      </p>
      <BrowserList
        items={trustedBrowsers}
        action={removeTrustedBrowserAction}
        field="trustedBrowserId"
        buttonLabel="Remove"
        sinceLabel="Trusted since"
        doneMessage="That browser is no longer trusted. Its next sign-in asks for a verification code."
        emptyText="No trusted browsers. Every sign-in asks for a verification code."
      />
      <RemoveAllTrustedBrowsersButton hasAny={trustedBrowsers.length > 0} />
    </section>
  );
}
