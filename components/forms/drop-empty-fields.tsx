"use client";

import { useEffect, useRef } from "react";

/**
 * Inside a GET filter form: fields left empty stay out of the URL on submit ("?topic=Cardiology", not
 * "?q=&topic=Cardiology&view=&difficulty="), so a shared or bookmarked link says only what was chosen. Without
 * JavaScript the form still works, with the empty fields in the URL.
 */
export function DropEmptyFields() {
  const ref = useRef<HTMLSpanElement>(null);
  useEffect(() => {
    const form = ref.current?.closest("form");
    if (!form) return;
    const onSubmit = () => {
      const emptied: (HTMLInputElement | HTMLSelectElement)[] = [];
      for (const el of Array.from(form.elements)) {
        if (!(el instanceof HTMLInputElement || el instanceof HTMLSelectElement)) continue;
        if (!el.name || el.disabled || el.value !== "") continue;
        if (el instanceof HTMLInputElement && (el.type === "checkbox" || el.type === "radio")) continue;
        el.disabled = true;
        emptied.push(el);
      }
      // The form's data is taken during this event; give the fields back for when the page is shown again.
      setTimeout(() => {
        for (const el of emptied) el.disabled = false;
      }, 0);
    };
    form.addEventListener("submit", onSubmit);
    return () => form.removeEventListener("submit", onSubmit);
  }, []);
  return <span ref={ref} hidden />;
}
