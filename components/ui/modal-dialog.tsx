"use client";

import { createContext, type ReactNode, useContext, useEffect, useId, useRef } from "react";

type ModalDialogProps = {
  open: boolean;
  title: string;
  onClose: () => void;
  children: ReactNode;
};

const CloseDialog = createContext<(() => void) | null>(null);

/**
 * The native <dialog> as a modal: it traps focus, closes on Escape and gives
 * screen readers a dialog role named by its title. It opens at its top, so the
 * title, the close button and the first instruction are in view on a phone.
 */
export function ModalDialog({ open, title, onClose, children }: ModalDialogProps) {
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();

  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (open && !element.open) {
      element.showModal();
      // showModal() focuses the first focusable element, the close button; start in the form instead.
      element.querySelector<HTMLElement>("input:not([type=hidden]), select, textarea")?.focus({ preventScroll: true });
      element.scrollTop = 0;
    }
    if (!open && element.open) element.close();
  }, [open]);

  return (
    <dialog ref={dialog} aria-labelledby={titleId} onClose={onClose}>
      <div className="dialog-header">
        <h2 id={titleId}>{title}</h2>
        <button type="button" className="dialog-close" aria-label="Close" onClick={onClose}>
          ×
        </button>
      </div>
      <CloseDialog.Provider value={onClose}>{open && children}</CloseDialog.Provider>
    </dialog>
  );
}

/** `Cancel` beside a dialog step's main button: closes the dialog and changes nothing. Nothing outside a dialog. */
export function DialogCancelButton() {
  const close = useContext(CloseDialog);
  if (!close) return null;
  return (
    <button type="button" className="button button-secondary" onClick={close}>
      Cancel
    </button>
  );
}

/**
 * A new step of a dialog starts at its top: the dialog scrolls up and focus
 * goes to the step's first instruction (give it tabIndex={-1}), not to a field
 * further down that the user is not ready for.
 */
export function useStartAtTop(step: unknown) {
  const firstInstruction = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    const element = firstInstruction.current;
    if (!element) return;
    element.closest("dialog")?.scrollTo({ top: 0 });
    element.focus({ preventScroll: true });
  }, [step]);
  return firstInstruction;
}
