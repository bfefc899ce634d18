"use client";

import { useRouter } from "next/navigation";
import { type ReactNode, useCallback, useEffect, useRef, useState } from "react";
import { TextField } from "@/components/forms/text-field";
import { PhiEditorPanel } from "@/components/phi/phi-editor-panel";
import { DifficultyField } from "@/components/seeds/difficulty-field";
import { EditorBar } from "@/components/seeds/editor-bar";
import { LongTextField } from "@/components/seeds/long-text-field";
import { SourceFields, type SourceValue } from "@/components/seeds/source-fields";
import { useAutosave } from "@/components/seeds/use-autosave";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { toast } from "@/components/ui/toast";
import type { SourceKind } from "@/lib/model/source-kinds";
import { TEST_ITEM_LIMITS } from "@/lib/validation/test-item";
import {
  createTestItemAction,
  type SavedTestItem,
  submitTestItemAction,
  updateTestItemAction,
} from "../test-item-actions";

/** The editor's fields as the browser holds them (difficulty as the chosen radio's value, "" for none). */
export type TestItemForm = SourceValue & {
  instruction: string;
  input: string;
  reference: string;
  difficulty: string;
  topic: string;
};

const KEYS: (keyof TestItemForm)[] = [
  "instruction",
  "input",
  "reference",
  "difficulty",
  "topic",
  "sourceKind",
  "citation",
  "citationUrl",
  "licence",
  "adapted",
];
const same = (a: TestItemForm, b: TestItemForm) => KEYS.every((k) => a[k] === b[k]);
const payload = (f: TestItemForm) => ({
  ...f,
  difficulty: f.difficulty ? Number(f.difficulty) : null,
  sourceKind: f.sourceKind as SourceKind,
});

type Props = {
  testSetId: string;
  testSetName: string;
  itemId: string | null;
  version: number | null;
  initial: TestItemForm;
  /** keys (lib/phi/finding-key.ts) of findings a reviewer marked "not PHI" */
  phiResolved?: string[];
  /** shown first beside the form (the reviewer's comment on an item sent back) */
  beside?: ReactNode;
};

/**
 * Writes one test item, reusing the seed editor's parts: autosave with optimistic versions (a stale save is
 * refused and the text stays on screen), the live PHI panel with one-click placeholders, and provenance.
 */
export function TestItemEditor({
  testSetId,
  testSetName,
  itemId,
  version,
  initial,
  phiResolved,
  beside,
}: Props) {
  const router = useRouter();
  const [form, setForm] = useState<TestItemForm>(initial);
  const [id, setId] = useState(itemId);
  const [savedVersion, setSavedVersion] = useState(version);
  const [submitting, setSubmitting] = useState(false);
  const [submitError, setSubmitError] = useState<string | null>(null);
  const set = (field: keyof TestItemForm) => (value: string) => setForm((f) => ({ ...f, [field]: value }));
  const setHref = `/evaluation/testsets/${testSetId}`;

  const save = useCallback(
    (f: TestItemForm, sid: string | null, v: number | null) =>
      sid && v
        ? updateTestItemAction({ ...payload(f), id: sid, version: v })
        : createTestItemAction({ ...payload(f), testSetId }),
    [testSetId],
  );
  const onSaved = useCallback(
    (s: SavedTestItem, _sent: TestItemForm, wasNew: boolean) => {
      setSavedVersion(s.version);
      setSubmitError(null);
      if (wasNew) {
        setId(s.id);
        // The address becomes the item's own, without a reload that would interrupt typing.
        window.history.replaceState(null, "", `${setHref}/items/${s.id}`);
      }
    },
    [setHref],
  );
  const autosave = useAutosave({
    form,
    initial: { id: itemId, version, form: initial },
    save,
    onSaved,
    same,
  });

  // Saves what is on screen, then submits that exact version; if it cannot be saved, nothing is submitted.
  const submit = useCallback(async () => {
    setSubmitting(true);
    setSubmitError(null);
    const flushed = await autosave.flush();
    if (!flushed.inSync || !flushed.id || !flushed.version) {
      setSubmitting(false);
      return setSubmitError(
        `Not submitted: ${flushed.problem ?? "what is on screen is not saved yet."} Fix this, then submit again.`,
      );
    }
    const r = await submitTestItemAction({ id: flushed.id, version: flushed.version }).catch(() => null);
    setSubmitting(false);
    if (!r) return setSubmitError("Not submitted: MedSeed cannot be reached. Try again.");
    if (!r.ok) return setSubmitError(`Not submitted: ${r.message}`);
    toast.success("Submitted for review");
    router.push(`${setHref}/items/${flushed.id}`);
    router.refresh();
  }, [autosave, router, setHref]);

  // Ctrl/Cmd+S saves at once (instead of the browser's "save page"); Ctrl/Cmd+Enter submits, as in the seed editor.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey)) return;
      if (e.key === "s") {
        e.preventDefault();
        void autosave.saveNow();
      } else if (e.key === "Enter") {
        e.preventDefault();
        if (!submitting) void submit();
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [autosave.saveNow, submit, submitting]);

  const bar = useRef<HTMLDivElement>(null);
  const errors = autosave.fieldErrors;
  return (
    <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_22rem]">
      <form
        className="grid gap-5"
        noValidate
        aria-label={`Test item for ${testSetName}`}
        onSubmit={(e) => {
          e.preventDefault();
          void autosave.saveNow();
        }}
      >
        {autosave.status === "conflict" ? (
          <Alert variant="destructive">
            <AlertTitle>Someone else saved this item first</AlertTitle>
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
                  <a href={id ? `${setHref}/items/${id}` : `${setHref}/items/new`}>Reload their version</a>
                </Button>
              </div>
            </AlertDescription>
          </Alert>
        ) : autosave.message && autosave.status !== "offline" ? (
          <Alert variant="destructive">
            <AlertDescription>{autosave.message}</AlertDescription>
          </Alert>
        ) : null}
        <LongTextField
          name="instruction"
          label="Instruction"
          rows={3}
          value={form.instruction}
          max={TEST_ITEM_LIMITS.instruction}
          onValue={set("instruction")}
          error={errors.instruction}
          hint="The task the evaluated model answers, as a clinician would ask it."
          autoFocus={!itemId}
        />
        <LongTextField
          name="input"
          label="Input"
          rows={4}
          value={form.input}
          max={TEST_ITEM_LIMITS.input}
          onValue={set("input")}
          error={errors.input}
          hint="Context the task works on (a case, a report). Leave empty when none is needed."
        />
        <LongTextField
          name="reference"
          label="Reference answer"
          rows={4}
          value={form.reference}
          max={TEST_ITEM_LIMITS.reference}
          onValue={set("reference")}
          error={errors.reference}
          hint='Optional: your own answer; runs can use it as the reference named "clinician".'
        />
        <TextField
          name="topic"
          label="Topic (optional)"
          value={form.topic}
          maxLength={TEST_ITEM_LIMITS.topic}
          onChange={(e) => set("topic")(e.target.value)}
          error={errors.topic}
        />
        <DifficultyField value={form.difficulty} onValue={set("difficulty")} error={errors.difficulty} />
        <SourceFields
          value={form}
          onChange={(patch) => setForm((f) => ({ ...f, ...patch }))}
          errors={errors}
        />
        <EditorBar
          barRef={bar}
          id={id}
          status={autosave.status}
          savedVersion={savedVersion}
          canSubmit
          submitting={submitting}
          submitError={submitError}
          onSubmit={() => void submit()}
          viewLink={{ href: setHref, label: `Back to ${testSetName}` }}
        />
      </form>
      <aside className="grid content-start gap-6">
        {beside}
        <PhiEditorPanel
          texts={{ instruction: form.instruction, input: form.input, output: form.reference }}
          onReplace={(field, text) => set(field === "output" ? "reference" : field)(text)}
          resolved={phiResolved}
        />
      </aside>
    </div>
  );
}
