"use client";

import type * as React from "react";
import { type RefObject, useCallback, useEffect, useEffectEvent, useState } from "react";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import type { ActionResult } from "@/lib/auth/action";
import type { useAutosave } from "./use-autosave";

// The parts the seed editor and the test item editor share: what a refused save says, submitting exactly what
// is on screen, the save and submit keys, and keeping the focused control clear of the sticky bar.

type Autosave = Pick<
  ReturnType<typeof useAutosave>,
  "status" | "message" | "flush" | "saveNow" | "setFieldErrors" | "setMessage"
>;

/**
 * A refused save: a newer version was saved first, by someone else or in another tab (copy my text, reload
 * the saved version; the server's message says who), or another problem the server named.
 * Nothing while offline (the bar says so).
 */
export function SaveProblem({
  autosave,
  form,
  noun,
  reloadHref,
  reloadLabel = "Reload the saved version",
}: {
  autosave: Pick<Autosave, "status" | "message">;
  form: unknown;
  /** "task", "item" */
  noun: string;
  reloadHref: string;
  reloadLabel?: string;
}) {
  if (autosave.status === "conflict")
    return (
      <Alert variant="destructive">
        <AlertTitle>A newer version of this {noun} was saved first</AlertTitle>
        <AlertDescription>
          <p>{autosave.message}</p>
          <div className="mt-2 flex gap-2">
            <Button
              size="sm"
              variant="outline"
              onClick={() => void navigator.clipboard?.writeText(JSON.stringify(form, null, 2))}
            >
              Copy my text
            </Button>
            <Button size="sm" variant="outline" asChild>
              <a href={reloadHref}>{reloadLabel}</a>
            </Button>
          </div>
        </AlertDescription>
      </Alert>
    );
  if (autosave.message && autosave.status !== "offline")
    return (
      <Alert variant="destructive">
        <AlertDescription>{autosave.message}</AlertDescription>
      </Alert>
    );
  return null;
}

/**
 * Saves what is on screen, then sends that exact version for review. If the server cannot take what is on
 * screen (refused, unreachable, changed elsewhere), nothing is submitted: never the last saved version in its
 * place. A refusal of the submission itself shows its field errors in the form.
 */
export function useSubmitOnScreen(
  autosave: Autosave,
  /** the version the server last confirmed: a new one clears an earlier refusal */
  savedVersion: number | null,
  send: (ref: { id: string; version: number }) => Promise<ActionResult<unknown>>,
  onSubmitted: (id: string) => void,
) {
  const [submitting, setSubmitting] = useState(false);
  const [submitError, setSubmitError] = useState<string | null>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: cleared whenever a new version is saved
  useEffect(() => setSubmitError(null), [savedVersion]);
  const submit = useCallback(async () => {
    setSubmitting(true);
    setSubmitError(null);
    const saved = await autosave.flush();
    if (!saved.inSync || !saved.id || !saved.version) {
      setSubmitting(false);
      return setSubmitError(
        `Not submitted: ${saved.problem ?? "what is on screen is not saved yet."} Fix this, then submit again.`,
      );
    }
    const r = await send({ id: saved.id, version: saved.version }).catch(() => null);
    setSubmitting(false);
    if (!r) return setSubmitError("Not submitted: MedSeed cannot be reached. Try again.");
    if (!r.ok) {
      autosave.setFieldErrors(r.fieldErrors ?? {});
      autosave.setMessage(r.message);
      return setSubmitError(`Not submitted: ${r.message}`);
    }
    onSubmitted(saved.id);
  }, [autosave, send, onSubmitted]);
  return { submit, submitting, submitError };
}

/**
 * Ctrl/Cmd+S saves at once (instead of the browser's "save page"); Ctrl/Cmd+Enter submits when it may, unless
 * it was pressed in another form or field of the page (the discussion's reply box posts the reply with it).
 */
export function useEditorKeys(opts: {
  saveNow: () => unknown;
  submit: () => unknown;
  canSubmit: boolean;
  submitting: boolean;
  /** the editor's own form */
  form: RefObject<HTMLFormElement | null>;
}) {
  const onKey = useEffectEvent((e: KeyboardEvent) => {
    if (!(e.ctrlKey || e.metaKey)) return;
    if (e.key === "s") {
      e.preventDefault();
      void opts.saveNow();
    } else if (e.key === "Enter" && opts.canSubmit && !outsideEditor(e.target, opts.form.current)) {
      e.preventDefault();
      if (!opts.submitting) void opts.submit();
    }
  });
  useEffect(() => {
    const listener = (e: KeyboardEvent) => onKey(e);
    window.addEventListener("keydown", listener);
    return () => window.removeEventListener("keydown", listener);
  }, []);
}

/** Whether a key went to another form, or a field, than the editor's. */
function outsideEditor(target: EventTarget | null, editor: HTMLFormElement | null): boolean {
  if (!(target instanceof Element) || !editor || editor.contains(target)) return false;
  return Boolean(
    target.closest("form") ||
      target.matches("input, textarea, select, [contenteditable]:not([contenteditable='false'])"),
  );
}

/**
 * Whatever takes the focus (a difficulty picked with the arrow keys, a field reached with Tab) is scrolled clear
 * of the sticky bar: the browser counts a control under the bar as visible and would leave it there.
 */
export function useKeepAboveBar(bar: RefObject<HTMLDivElement | null>) {
  return useCallback(
    (e: React.FocusEvent<HTMLFormElement>) => {
      const target = e.target as HTMLElement;
      const top = bar.current?.getBoundingClientRect().top;
      if (top === undefined || bar.current?.contains(target)) return;
      const covered = (target.closest("label") ?? target).getBoundingClientRect().bottom - (top - 8);
      if (covered > 0) window.scrollBy({ top: covered });
    },
    [bar],
  );
}
