"use client";

import { Fragment, useState } from "react";

/** The secret for typing into the app by hand, in groups of four, with a copy button. */
export function ManualKey({ value }: { value: string }) {
  const [copied, setCopied] = useState<"yes" | "failed" | null>(null);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value.replace(/\s/g, ""));
      setCopied("yes");
    } catch {
      setCopied("failed");
    }
  };
  return (
    <div role="group" aria-labelledby="manual-key-label">
      <p id="manual-key-label" className="method-note">
        Can&apos;t scan? Enter this key in the app instead (time-based):
      </p>
      <div className="manual-key">
        {/* Each group of four on one line: a group split across lines is easy to mistype. */}
        <code data-testid="manual-key">
          {value.split(/\s+/).map((group, index) => (
            <Fragment key={index}>
              {index > 0 && " "}
              <span className="key-group">{group}</span>
            </Fragment>
          ))}
        </code>
        <button type="button" className="button button-secondary" onClick={copy}>
          Copy key
        </button>
        <span aria-live="polite" className="method-note">
          {copied === "yes" ? "Copied." : copied === "failed" ? "Copying is blocked here; select the key instead." : ""}
        </span>
      </div>
    </div>
  );
}
