"use client";

import { useEffect, useRef, useState } from "react";

const snapshot = (form: HTMLFormElement) =>
  new URLSearchParams(
    [...new FormData(form)].map(([k, v]) => [k, typeof v === "string" ? v : v.name] as [string, string]),
  ).toString();

/**
 * Beside a GET filter form's "Apply filters": says when the fields differ from the filters the list shows (a
 * select set to "Submitted" over an unfiltered list read as a filtered one). The fields as the page came, or
 * as last applied, are the baseline.
 */
export function UnappliedNote() {
  const ref = useRef<HTMLSpanElement>(null);
  const [changed, setChanged] = useState(false);
  useEffect(() => {
    const form = ref.current?.closest("form");
    if (!form) return;
    let applied = snapshot(form);
    const onEdit = () => setChanged(snapshot(form) !== applied);
    const onSubmit = () => {
      applied = snapshot(form);
      setChanged(false);
    };
    form.addEventListener("input", onEdit);
    form.addEventListener("change", onEdit);
    form.addEventListener("submit", onSubmit);
    return () => {
      form.removeEventListener("input", onEdit);
      form.removeEventListener("change", onEdit);
      form.removeEventListener("submit", onSubmit);
    };
  }, []);
  return (
    <span ref={ref} role="status" className="text-muted-foreground text-xs">
      {changed ? "Changed: apply to see them in the list." : ""}
    </span>
  );
}
