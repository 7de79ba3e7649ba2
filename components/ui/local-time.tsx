"use client";

import { useSyncExternalStore } from "react";

const utcFormat = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });
// No timeZone: the viewer's own, with its name so that nobody mistakes it for UTC.
const localFormat = new Intl.DateTimeFormat(undefined, {
  year: "numeric",
  month: "short",
  day: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  timeZoneName: "short",
});

const noSubscription = () => () => {};

/**
 * A time in the viewer's time zone, with the UTC time in the title and for
 * screen readers. The server knows no time zone, so it renders UTC and the
 * browser swaps in its own after hydration (useSyncExternalStore's server
 * snapshot), without a hydration mismatch.
 */
export function LocalTime({ date }: { date: Date }) {
  const utc = `${utcFormat.format(date)} UTC`;
  const local = useSyncExternalStore(
    noSubscription,
    () => localFormat.format(date),
    () => null,
  );
  return (
    <time dateTime={date.toISOString()} title={utc}>
      {local ?? utc}
      {local && <span className="visually-hidden"> ({utc})</span>}
    </time>
  );
}
