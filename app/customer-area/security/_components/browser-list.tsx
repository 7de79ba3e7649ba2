"use client";

import { useActionState, useEffect, useId, useRef, useState } from "react";
import type { BrowserItem } from "@/lib/security/security-page-data";
import type { FormAction } from "@/lib/server-action";
import { LocalTime } from "@/components/ui/local-time";

type BrowserListProps = {
  items: BrowserItem[];
  /** Ends the item whose id the pressed button sends as `field`; acts on the signed-in user's rows only. */
  action: FormAction;
  field: "sessionId" | "trustedBrowserId";
  /** `Sign out` or `Remove`; the item it is about is its description (aria-describedby). */
  buttonLabel: string;
  /** Said once the item is gone. */
  doneMessage: string;
  /** What the row's first time is: "Started" (a session), "Trusted since". */
  sinceLabel: string;
  /** Shown for this browser's row instead of a button, if anything. */
  currentNote?: string;
  /** Shown while the list is empty (the form stays, so that its last message does). */
  emptyText?: string;
};

/**
 * `Sessions` and `Trusted browsers`: one form for the whole list, each row's
 * button submitting its own id, so that the message outlives the row it
 * removed and focus has somewhere to go.
 */
export function BrowserList({ items, action, field, buttonLabel, doneMessage, sinceLabel, currentNote, emptyText }: BrowserListProps) {
  const [state, formAction, isPending] = useActionState(action, null);
  const [pressed, setPressed] = useState<string | null>(null);
  const statusRef = useRef<HTMLParagraphElement>(null);
  const statusId = useId();
  const failure = state && !state.ok ? (state.fieldErrors?.[field]?.[0] ?? state.error) : undefined;

  useEffect(() => {
    // The pressed button is gone with its row: the message takes the focus, so keyboard users stay in the list.
    if (state?.ok) statusRef.current?.focus();
  }, [state]);

  return (
    <form action={formAction} className="browser-list-form">
      {items.length === 0 ? (
        emptyText && <p className="muted">{emptyText}</p>
      ) : (
        <ul className="browser-list">
          {items.map((item) => {
            const describedBy = `${field}-${item.id}`;
            return (
              <li key={item.id} className="browser-item">
                <div className="browser-details" id={describedBy}>
                  <p className="browser-name" title={item.userAgent ?? undefined}>
                    {item.browser}
                    {item.current && <span className="badge badge-active">This browser</span>}
                  </p>
                  <p className="method-note">
                    <span className="browser-fact">{item.ipAddress ?? "Address unknown"}</span>
                    <span className="browser-fact">
                      {sinceLabel} <LocalTime date={item.createdAt} />
                    </span>
                    <span className="browser-fact">
                      Last used <LocalTime date={item.lastUsedAt} />
                    </span>
                  </p>
                </div>
                {item.current && currentNote ? (
                  <p className="method-note browser-action">{currentNote}</p>
                ) : (
                  <button
                    type="submit"
                    name={field}
                    value={item.id}
                    className="button button-secondary browser-action"
                    aria-describedby={failure ? `${describedBy} ${statusId}` : describedBy}
                    disabled={isPending}
                    aria-busy={(isPending && pressed === item.id) || undefined}
                    onClick={() => setPressed(item.id)}
                  >
                    {buttonLabel}
                    {isPending && pressed === item.id && <span aria-hidden="true"> …</span>}
                  </button>
                )}
              </li>
            );
          })}
        </ul>
      )}
      <div id={statusId} className="form-status">
        {failure && (
          <p className="alert alert-error" role="alert">
            {failure}
          </p>
        )}
        {state?.ok && (
          <p ref={statusRef} tabIndex={-1} className="alert alert-success" role="status">
            {doneMessage}
          </p>
        )}
      </div>
    </form>
  );
}
