import type { Metadata } from "next";
import Link from "next/link";
import { SiteHeader } from "@/components/site-header";

export const metadata: Metadata = { title: "Page not found" };

export default function NotFound() {
  return (
    <>
      <SiteHeader
        brand={
          <Link className="brand" href="/customer-area">
            Acme customer area
          </Link>
        }
      />
      <main id="main" className="auth-main">
        <div className="card stack">
          <h1>Page not found</h1>
          <p>This page does not exist, or you do not have access to it.</p>
          <Link href="/customer-area">Go to the customer area</Link>
        </div>
      </main>
    </>
  );
}
