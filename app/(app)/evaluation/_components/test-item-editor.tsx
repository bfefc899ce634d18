"use client";

import { useRouter } from "next/navigation";
import { type ReactNode, useCallback, useRef, useState } from "react";
import { TextField } from "@/components/forms/text-field";
import { PhiEditorPanel } from "@/components/phi/phi-editor-panel";
import { DifficultyField } from "@/components/seeds/difficulty-field";
import { EditorBar } from "@/components/seeds/editor-bar";
import {
  SaveProblem,
  useEditorKeys,
  useKeepAboveBar,
  useSubmitOnScreen,
} from "@/components/seeds/editor-kit";
import { LongTextField } from "@/components/seeds/long-text-field";
import { SourceFields, type SourceValue } from "@/components/seeds/source-fields";
import { useAutosave } from "@/components/seeds/use-autosave";
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

  const onSubmitted = useCallback(
    (savedId: string) => {
      toast.success("Submitted for review");
      router.push(`${setHref}/items/${savedId}`);
      router.refresh();
    },
    [router, setHref],
  );
  const { submit, submitting, submitError } = useSubmitOnScreen(
    autosave,
    savedVersion,
    submitTestItemAction,
    onSubmitted,
  );
  const editorForm = useRef<HTMLFormElement>(null);
  useEditorKeys({ saveNow: autosave.saveNow, submit, canSubmit: true, submitting, form: editorForm });
  const bar = useRef<HTMLDivElement>(null);
  const keepAboveBar = useKeepAboveBar(bar);
  const errors = autosave.fieldErrors;
  return (
    <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_22rem]">
      <form
        ref={editorForm}
        className="grid gap-5"
        noValidate
        aria-label={`Test item for ${testSetName}`}
        onFocus={keepAboveBar}
        onSubmit={(e) => {
          e.preventDefault();
          void autosave.saveNow();
        }}
      >
        <SaveProblem
          autosave={autosave}
          form={form}
          noun="item"
          reloadHref={id ? `${setHref}/items/${id}` : `${setHref}/items/new`}
        />
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
          onReplace={(field, text) => {
            if (field !== "note") set(field === "output" ? "reference" : field)(text);
          }}
          resolved={phiResolved}
        />
      </aside>
    </div>
  );
}
