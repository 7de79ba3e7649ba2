"use client";

import { useCallback, useState } from "react";
import { ModalDialog } from "@/components/ui/modal-dialog";
import type { PrimaryMethodSaved } from "@/lib/two-factor/set-primary-method";
import { METHOD_WORDS, type MethodState, type TwoFactorMethodType } from "@/lib/two-factor/methods";
import { MethodChangedStep } from "./method-changed-step";
import { PreferencesForm } from "./preferences-form";

type Saved = PrimaryMethodSaved & { method: TwoFactorMethodType };

/** What happened, as it happened: a change, or the method that already was primary. */
function savedMessage(saved: Saved): string {
  const { inSentence } = METHOD_WORDS[saved.method];
  if (saved.changed) return `Your primary method is now ${inSentence}.`;
  return `${inSentence.charAt(0).toUpperCase()}${inSentence.slice(1)} was already your primary method. Nothing changed.`;
}

/**
 * `Preferences`, top right of the section: choose the primary method among the
 * active ones, once at least two are (with the article's methods: both).
 */
export function PreferencesButton({ methods, articleWords }: { methods: MethodState[]; articleWords: boolean }) {
  const [open, setOpen] = useState(false);
  const [saved, setSaved] = useState<Saved | null>(null);
  const active = methods.filter((method) => method.active);
  const canChoose = active.length >= 2;
  const close = useCallback(() => {
    setOpen(false);
    setSaved(null);
  }, []);

  return (
    <div className="preferences">
      <button
        type="button"
        className="button button-secondary"
        aria-disabled={!canChoose || undefined}
        aria-describedby={canChoose ? undefined : "preferences-reason"}
        onClick={() => {
          if (canChoose) setOpen(true);
        }}
      >
        Preferences
      </button>
      {!canChoose && (
        <p id="preferences-reason" className="method-note">
          {articleWords
            ? "You can choose a primary method once both methods are active."
            : "You can choose a primary method once two methods are active."}
        </p>
      )}
      <ModalDialog open={open} title="Two-factor preferences" onClose={close}>
        {saved ? (
          <MethodChangedStep
            message={savedMessage(saved)}
            // A mail is due only for a change; "nothing changed" promises none and misses none.
            notificationSent={saved.changed ? saved.notificationSent : undefined}
            offerSignOut={saved.changed}
            onDone={close}
          />
        ) : (
          <PreferencesForm active={active} onSaved={setSaved} />
        )}
      </ModalDialog>
    </div>
  );
}
