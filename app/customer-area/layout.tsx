import Link from "next/link";
import type { ReactNode } from "react";
import { UserMenu } from "./_components/user-menu";
import { requireSession } from "@/lib/auth/current-session";

export default async function CustomerAreaLayout({ children }: { children: ReactNode }) {
  const { user } = await requireSession();
  return (
    <>
      <header className="site-header">
        <div className="site-header-inner">
          <Link className="brand" href="/customer-area">
            {user.account.name} · Customer area
          </Link>
          <UserMenu name={user.name} email={user.email} isOwner={user.role === "owner"} />
        </div>
      </header>
      <main id="main">{children}</main>
    </>
  );
}
