"use client";

import { type FormEvent, useState, useTransition } from "react";
import type { ActionResult } from "@/lib/auth/action";
import { reach } from "./reach";

/**
 * Submits a form to a server action without React's automatic form reset, so that what a person typed
 * stays in the fields when the server refuses it. Returns the last result, an onSubmit handler and pending.
 */
export function useFormAction<T>(
  action: (form: FormData) => Promise<ActionResult<T>>,
  onSuccess?: (data: T) => void,
) {
  const [state, setState] = useState<ActionResult<T> | null>(null);
  const [pending, startTransition] = useTransition();
  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    startTransition(async () => {
      const result: ActionResult<T> = await reach(action(form));
      setState(result);
      if (result.ok) onSuccess?.(result.data);
    });
  }
  const fieldErrors = state && !state.ok ? state.fieldErrors : undefined;
  // With field errors the fields say what is wrong; the form-level message only points at them.
  const formError =
    state && !state.ok
      ? fieldErrors && Object.keys(fieldErrors).length
        ? "Check the highlighted fields."
        : state.message
      : undefined;
  return { state, onSubmit, pending, fieldErrors, formError };
}
