"use client";

import Link from "next/link";

/**
 * Anything unexpected (the database is unreachable, say) ends here instead of
 * a blank page. Every change is one transaction, so a failure changed nothing.
 */
export default function ErrorPage({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <main id="main" className="auth-main">
      <div className="card stack">
        <h1>Something went wrong</h1>
        <p>We could not finish that just now, and nothing was changed. Please try again in a moment.</p>
        <div className="button-row">
          <button type="button" className="button button-primary" onClick={reset}>
            Try again
          </button>
          <Link href="/customer-area">Go to the customer area</Link>
        </div>
      </div>
    </main>
  );
}
