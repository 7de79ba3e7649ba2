import "server-only";
import { after } from "next/server";

/**
 * Work whose time must not show in the answer: inside a request it runs once
 * the answer has gone out (Next.js's `after`); outside one (a script, a test
 * calling lib/ directly) it runs at once.
 */
export async function afterAnswer(work: () => Promise<void>): Promise<void> {
  try {
    after(work);
  } catch {
    await work();
  }
}
