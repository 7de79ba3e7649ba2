import type { ReactNode } from "react";
import { SiteHeader } from "@/components/site-header";

export default function AuthLayout({ children }: { children: ReactNode }) {
  return (
    <>
      <SiteHeader brand={<span className="brand">Acme customer area</span>} />
      <main id="main" className="auth-main">
        {children}
      </main>
    </>
  );
}
