"use client";

import { useEffect } from "react";

/**
 * A link to a part of this page ("Set up two-factor authentication" to
 * #two-factor, "Generate new codes" to #recovery-codes) lands there: the
 * browser scrolls to it, and this moves the focus there too, so the keyboard
 * and the screen reader start where the eye does.
 */
export function FocusLinkedSection() {
  useEffect(() => {
    const id = decodeURIComponent(window.location.hash.slice(1));
    const target = id ? document.getElementById(id) : null;
    if (target?.tabIndex === -1) {
      target.focus({ preventScroll: true });
      target.scrollIntoView({ block: "start" });
    }
  }, []);
  return null;
}
