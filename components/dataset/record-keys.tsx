"use client";

import { useRouter } from "next/navigation";
import { useEffect } from "react";

/**
 * `j` and `k` on a record's page: the next and the previous record of the list it was opened from (as in the
 * review queue and the spot check). Not while typing in a field (the curation panel edits text) or in a dialog.
 */
export function RecordKeys({ prev, next }: { prev: string | null; next: string | null }) {
  const router = useRouter();
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey) return;
      const target = e.target as HTMLElement | null;
      if (target?.closest("input, textarea, select, [contenteditable], [role=dialog]")) return;
      const href = e.key === "j" ? next : e.key === "k" ? prev : null;
      if (!href) return;
      e.preventDefault();
      router.push(href);
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [prev, next, router]);
  return null;
}
