"use client";

import { useEffect, useState } from "react";

function secondsUntil(iso: string | undefined): number {
  return iso ? Math.max(0, Math.ceil((new Date(iso).getTime() - Date.now()) / 1000)) : 0;
}

/** Whole seconds left until `iso` (a time from the server, which enforces it too), ticking each second. */
export function useCountdown(iso: string | undefined): number {
  const [secondsLeft, setSecondsLeft] = useState(() => secondsUntil(iso));
  useEffect(() => {
    setSecondsLeft(secondsUntil(iso));
    const timer = setInterval(() => setSecondsLeft(secondsUntil(iso)), 1000);
    return () => clearInterval(timer);
  }, [iso]);
  return secondsLeft;
}
