"use client";

import { type FormEvent, startTransition } from "react";
import { requestFormReset } from "react-dom";
import { TOO_LARGE_MESSAGE } from "@/lib/request-limits";
import type { ActionResult, FormAction } from "@/lib/server-action";

const UNREACHABLE = "We could not reach the customer area. Check your connection and try again.";

/**
 * A form step that is a route (lib/form-route.ts), used with useActionState
 * like a server action: same arguments, same result shape. The fields go
 * URL-encoded (these forms hold text only), and the route answers JSON.
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
    if (response.status === 413) return { ok: false, error: TOO_LARGE_MESSAGE };
    try {
      return (await response.json()) as ActionResult<T>;
    } catch {
      return { ok: false, error: UNREACHABLE };
    }
  };
}

/**
 * The <form> attributes of such a step: a real POST to the route, so that the
 * form still signs in with JavaScript off (the route answers 303), and with
 * JavaScript the step runs through `dispatch` (useActionState's) instead, and
 * the form is reset afterwards as React resets a form with a function action
 * (a wrong code leaves an empty field; kept values come back as defaults).
 */
export function plainFormProps(url: string, dispatch: (formData: FormData) => void) {
  return {
    action: url,
    method: "post",
    onSubmit(event: FormEvent<HTMLFormElement>) {
      event.preventDefault();
      const form = event.currentTarget;
      const formData = new FormData(form);
      startTransition(() => {
        dispatch(formData);
        requestFormReset(form);
      });
    },
  } as const;
}
