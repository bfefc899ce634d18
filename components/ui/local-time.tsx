"use client";

import { useSyncExternalStore } from "react";

const noSubscribe = () => () => {};

/**
 * A time in the viewer's own time zone and locale. The server cannot know those, so it renders a neutral UTC
 * form and the browser swaps in its own after hydration (rendering toLocaleString() on both sides made React
 * throw away the server HTML whenever the viewer's time zone differed from the server's).
 */
export function LocalTime({ iso, timeOnly = false }: { iso: string; timeOnly?: boolean }) {
  const inBrowser = useSyncExternalStore(
    noSubscribe,
    () => true,
    () => false,
  );
  const d = new Date(iso);
  const text = inBrowser
    ? timeOnly
      ? d.toLocaleTimeString()
      : d.toLocaleString()
    : `${d
        .toISOString()
        .slice(timeOnly ? 11 : 0, 19)
        .replace("T", " ")} UTC`;
  return <time dateTime={iso}>{text}</time>;
}
