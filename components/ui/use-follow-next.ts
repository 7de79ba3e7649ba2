"use client";

import { useRouter } from "next/navigation";
import { useEffect } from "react";

/**
 * An action that moves the browser on answers `{ ok: true, next }`; this takes
 * the browser there, replacing the form's page in the history (the back
 * button should not return to a spent sign-in step).
 */
export function useFollowNext(state: { ok: boolean; next?: unknown } | null): void {
  const router = useRouter();
  useEffect(() => {
    if (state?.ok && typeof state.next === "string") router.replace(state.next);
  }, [state, router]);
}
