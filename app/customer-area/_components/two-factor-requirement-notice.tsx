import Link from "next/link";
import { LocalTime } from "@/components/ui/local-time";
import type { TwoFactorRequirementState } from "@/lib/auth/two-factor-requirement";

/** On every customer-area page of a user without two-factor authentication whose account requires it. */
export function TwoFactorRequirementNotice({ requirement }: { requirement: TwoFactorRequirementState }) {
  if (requirement.kind === "none") return null;
  return (
    <section className="alert alert-warning notice" aria-label="Two-factor authentication required">
      {requirement.kind === "grace" ? (
        <p>
          Your account requires two-factor authentication from <LocalTime date={requirement.deadline} />. Set it up
          before then: after that, signing in takes you to the setup before anything else.
        </p>
      ) : (
        <p>
          Your account requires two-factor authentication. Turn on a method below to continue: until then, only the
          setup and signing out work.
        </p>
      )}
      {requirement.kind === "grace" && <Link href="/customer-area/security">Set up two-factor authentication</Link>}
    </section>
  );
}
