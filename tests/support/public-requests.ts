import { TEST_CONTEXT } from "@/tests/support/two-factor-fixtures";

/**
 * For tests of the public forms (Send reset link, sign-up), whose limits count
 * per client address: a form's fields as the browser posts them, and a client
 * of its own for each call, so one test's limits never reach another's.
 */

export function form(fields: Record<string, string>): FormData {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) data.set(name, value);
  return data;
}

let clientNumber = 0;

/** A request context from a client address nobody else in this test file uses. */
export function freshClient() {
  clientNumber += 1;
  return { ...TEST_CONTEXT, ipAddress: `198.51.${Math.floor(clientNumber / 250)}.${clientNumber % 250}` };
}
