import type { ReactNode } from "react";

/** The bar at the top of every page: the product's name, and on the customer area's pages the user menu. */
export function SiteHeader({ brand, children }: { brand: ReactNode; children?: ReactNode }) {
  return (
    <header className="site-header">
      <div className="site-header-inner">
        {brand}
        {children}
      </div>
    </header>
  );
}
