"use client";

import { useSyncExternalStore } from "react";

const TICK_MS = 250;

function subscribe(onTick: () => void): () => void {
  const timer = setInterval(onTick, TICK_MS);
  return () => clearInterval(timer);
}

/**
 * The time, read when React renders, rounded up to the tick so consecutive
 * reads agree (up, so a fresh 60 s cooldown never reads as 61).
 */
function readClock(): number {
  return Math.ceil(Date.now() / TICK_MS) * TICK_MS;
}

/**
 * Whole seconds left until `iso` (a time from the server, which enforces it
 * too). The clock is read at each render, so a new `iso` is counted from the
 * moment it arrives: a clock kept from up to a second before would start a
 * 60 s cooldown at 61.
 */
export function useCountdown(iso: string | undefined): number {
  const now = useSyncExternalStore(subscribe, readClock, () => null);
  if (!iso || now === null) return 0;
  return Math.max(0, Math.ceil((new Date(iso).getTime() - now) / 1000));
}
