import "server-only";
import { cookies } from "next/headers";
import { cookieOptions } from "@/lib/auth/cookie-options";
import type { ActionFailure } from "@/lib/server-action";
import { readSignedValue, signValue } from "@/lib/signed-value";

/**
 * A sign-in step posted by a plain HTML form (JavaScript off) cannot show its
 * failure in place: the step answers 303 back to the form's page and leaves
 * the failure here, signed, for that page to show once (GitHub's flash).
 * It holds the message, the field errors and the kept values (never a
 * password or a code: lib/server-action.ts leaves those out).
 */

const FLASH_COOKIE = "form_flash";
const FLASH_SECONDS = 60;
/** The query parameter that says "show the flash": a later visit to the page without it shows nothing. */
export const FLASH_PARAM = "failed";

export async function leaveFormFlash(failure: ActionFailure): Promise<void> {
  const options = cookieOptions({ maxAgeSeconds: FLASH_SECONDS, sameSite: "strict" });
  (await cookies()).set(FLASH_COOKIE, signValue("form-flash", failure), options);
}

function isFailure(value: unknown): value is ActionFailure {
  return typeof value === "object" && value !== null && (value as ActionFailure).ok === false && typeof (value as ActionFailure).error === "string";
}

/** The failure a plain form's step left for this page, if it is ours and the URL asks for it. */
export async function takeFormFlash(flashParam: unknown): Promise<ActionFailure | null> {
  if (flashParam !== "1") return null;
  return readSignedValue("form-flash", (await cookies()).get(FLASH_COOKIE)?.value, isFailure);
}
