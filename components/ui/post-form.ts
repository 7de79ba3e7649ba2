"use client";

import type { ActionResult, FormAction } from "@/lib/server-action";

const UNREACHABLE = "We could not reach the customer area. Check your connection and try again.";

/**
 * A form step that is a route answering JSON (lib/form-route.ts), used with
 * useActionState like a server action: same arguments, same result shape.
 * The fields go URL-encoded (these forms hold text only), which the server
 * reads more cheaply than multipart.
 */
export function postForm<T extends object>(url: string): FormAction<T> {
  return async (_previous, formData) => {
    const fields = new URLSearchParams();
    for (const [name, value] of formData.entries()) if (typeof value === "string") fields.append(name, value);
    let response: Response;
    try {
      response = await fetch(url, { method: "POST", body: fields, headers: { accept: "application/json" } });
    } catch {
      return { ok: false, error: UNREACHABLE };
    }
    if (response.status === 413) return { ok: false, error: "That is more than a form can send. Nothing was changed." };
    try {
      return (await response.json()) as ActionResult<T>;
    } catch {
      return { ok: false, error: UNREACHABLE };
    }
  };
}
