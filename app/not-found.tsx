import Link from "next/link";

export default function NotFound() {
  return (
    <main id="main" className="auth-main">
      <div className="card stack">
        <h1>Page not found</h1>
        <p>This page does not exist, or you do not have access to it.</p>
        <Link href="/customer-area">Go to the customer area</Link>
      </div>
    </main>
  );
}
