import type { ReactNode } from "react";

export default function AuthLayout({ children }: { children: ReactNode }) {
  return (
    <>
      <header className="site-header">
        <div className="site-header-inner">
          <span className="brand">Acme customer area</span>
        </div>
      </header>
      <main id="main" className="auth-main">
        {children}
      </main>
    </>
  );
}
