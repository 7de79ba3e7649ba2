import Link from "next/link";
import type { ReactNode } from "react";
import { SiteHeader } from "@/components/site-header";
import { TwoFactorRequirementNotice } from "./_components/two-factor-requirement-notice";
import { UserMenu } from "./_components/user-menu";
import { requireSession } from "@/lib/auth/current-session";
import { twoFactorRequirementFor } from "@/lib/auth/two-factor-requirement";

export default async function CustomerAreaLayout({ children }: { children: ReactNode }) {
  // The layout also frames the setup itself; each page and action enforces the requirement on its own.
  const session = await requireSession({ allowTwoFactorSetup: true });
  const { user } = session;
  return (
    <>
      <SiteHeader
        brand={
          <Link className="brand" href="/customer-area">
            {user.account.name} · Customer area
          </Link>
        }
      >
        <UserMenu name={user.name} email={user.email} isOwner={user.role === "owner"} />
      </SiteHeader>
      <main id="main">
        <TwoFactorRequirementNotice requirement={twoFactorRequirementFor(session)} />
        {children}
      </main>
    </>
  );
}
