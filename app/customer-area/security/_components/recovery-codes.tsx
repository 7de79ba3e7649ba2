"use client";

import { useState } from "react";
import { createPortal } from "react-dom";
import { PRODUCT_NAME } from "@/lib/product";
import { recoveryCodesFileName, recoveryCodesText } from "@/lib/two-factor/recovery-code-format";

export type ShownRecoveryCodes = { codes: string[]; email: string };

type Feedback = "copied" | "copy-failed" | "downloaded" | null;

const FEEDBACK: Record<NonNullable<Feedback>, string> = {
  copied: "Copied. Paste them somewhere safe.",
  "copy-failed": "Copying is blocked here; use Download or Print instead.",
  downloaded: "Downloaded. Keep the file somewhere safe.",
};

/**
 * The codes, shown once, with three ways to keep them. Print prints only the
 * codes: a sheet rendered outside the dialog, hidden on screen, which the
 * print stylesheet shows in place of the page.
 */
export function RecoveryCodes({ codes, email }: ShownRecoveryCodes) {
  const [generatedAt] = useState(() => new Date());
  const [feedback, setFeedback] = useState<Feedback>(null);
  const text = recoveryCodesText({ productName: PRODUCT_NAME, email, codes, generatedAt });

  const download = () => {
    const url = URL.createObjectURL(new Blob([text], { type: "text/plain;charset=utf-8" }));
    const link = document.createElement("a");
    link.href = url;
    link.download = recoveryCodesFileName(PRODUCT_NAME, email);
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 0);
    setFeedback("downloaded");
  };
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setFeedback("copied");
    } catch {
      setFeedback("copy-failed");
    }
  };

  return (
    <div className="recovery-codes stack" role="group" aria-labelledby="recovery-codes-label">
      <p id="recovery-codes-label">
        <strong>Your recovery codes.</strong> If you lose your phone or security key, or cannot get into your mailbox, each of these
        codes signs you in once. Save them now: they are not shown again.
      </p>
      <ol className="recovery-code-list" aria-label="Recovery codes">
        {codes.map((code) => (
          <li key={code}>
            <code>{code}</code>
          </li>
        ))}
      </ol>
      <div className="button-row">
        <button type="button" className="button button-secondary" onClick={download} autoFocus>
          Download
        </button>
        <button type="button" className="button button-secondary" onClick={copy}>
          Copy
        </button>
        <button type="button" className="button button-secondary" onClick={() => window.print()}>
          Print
        </button>
        <span aria-live="polite" className="method-note">
          {feedback ? FEEDBACK[feedback] : ""}
        </span>
      </div>
      {typeof document !== "undefined" && createPortal(<pre className="recovery-codes-sheet">{text}</pre>, document.body)}
    </div>
  );
}
