"use client";

import { useRouter } from "next/navigation";
import { type ReactNode, useCallback, useEffect, useRef, useState } from "react";
import { PageHeader } from "@/components/app-shell/page-header";
import { PhiEditorPanel } from "@/components/phi/phi-editor-panel";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { toast } from "@/components/ui/toast";
import type { SeedStatusName } from "@/lib/model/seed-status";
import type { SourceKind } from "@/lib/model/source-kinds";
import { submitSeedAction } from "@/lib/review/actions";
import { createSeedAction, type SavedSeed, updateSeedAction } from "@/lib/seeds/actions";
import { SEED_LIMITS } from "@/lib/validation/seed";
import { DifficultyField } from "./difficulty-field";
import { EditorBar } from "./editor-bar";
import { LongTextField } from "./long-text-field";
import { PromptPreview } from "./prompt-preview";
import { type SeedForm, sameForm } from "./seed-form-types";
import { SimilarSeeds } from "./similar-seeds";
import { SourceFields } from "./source-fields";
import { TagFields, type Vocabulary } from "./tag-fields";
import { useAutosave } from "./use-autosave";
import { useLocalDraft } from "./use-local-draft";

type Props = {
  seedId: string | null;
  version: number | null;
  status?: SeedStatusName;
  initial: SeedForm;
  vocabulary: Vocabulary;
  /** under the heading; the heading itself follows the task ("New seed task" until the first save) */
  description?: string;
  /** shown first beside the form, e.g. the reviewer's open request and the thread on a task sent back */
  beside?: ReactNode;
  /** PHI screening: findings a reviewer marked "not PHI" (keys of lib/phi/finding-key.ts) */
  phiResolved?: string[];
};

const SUBMITTABLE: SeedStatusName[] = ["DRAFT", "CHANGES_REQUESTED"];

const toPayload = (f: SeedForm) => ({
  ...f,
  difficulty: f.difficulty ? Number(f.difficulty) : null,
  sourceKind: f.sourceKind as SourceKind,
});

export function SeedEditor({
  seedId,
  version,
  status: initialStatus = "DRAFT",
  initial,
  vocabulary,
  description,
  beside,
  phiResolved,
}: Props) {
  const router = useRouter();
  const [form, setForm] = useState<SeedForm>(initial);
  const [seedStatus, setSeedStatus] = useState<SeedStatusName>(initialStatus);
  const [submitting, setSubmitting] = useState(false);
  const [submitError, setSubmitError] = useState<string | null>(null);
  const [id, setId] = useState(seedId);
  const [savedVersion, setSavedVersion] = useState(version);
  const local = useLocalDraft(id);
  const set = (field: keyof SeedForm) => (value: string) => setForm((f) => ({ ...f, [field]: value }));

  const save = useCallback(
    (f: SeedForm, sid: string | null, v: number | null) =>
      sid && v ? updateSeedAction({ ...toPayload(f), id: sid, version: v }) : createSeedAction(toPayload(f)),
    [],
  );
  const onSaved = useCallback(
    (saved: SavedSeed, _sent: SeedForm, wasNew: boolean) => {
      setSavedVersion(saved.version);
      setSubmitError(null);
      setSeedStatus(saved.status);
      if (wasNew) {
        local.clear(null);
        setId(saved.id);
        // The address and the title become the task's own, without a reload that would interrupt typing.
        window.history.replaceState(null, "", `/seeds/${saved.id}/edit`);
        document.title = document.title.replace(/^New seed task/, "Edit seed task");
      }
      // The server has what was sent; if more was typed meanwhile, the effect below keeps a copy again.
      local.clear(saved.id);
    },
    [local],
  );
  const autosave = useAutosave({
    form,
    initial: { id: seedId, version, form: initial },
    save,
    onSaved,
    same: sameForm,
  });

  // Offer back text kept in this browser that never reached the server (refresh, crash, lost connection).
  // biome-ignore lint/correctness/useExhaustiveDependencies: only on first load
  useEffect(() => local.loadOffer(initial, sameForm), []);
  // Keep a local copy of unsaved text.
  useEffect(() => {
    if (!sameForm(form, autosave.server.current.form)) local.keep(form, savedVersion, id);
  }, [form, id, savedVersion, local, autosave.server]);

  // Saves what is on screen, then sends that exact version for review. If the server cannot take what is on
  // screen (refused, unreachable, changed elsewhere), nothing is submitted: never the last saved version
  // in its place.
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
    const r = await submitSeedAction({ id: saved.id, version: saved.version }).catch(() => null);
    setSubmitting(false);
    if (!r) return setSubmitError("Not submitted: MedSeed cannot be reached. Try again.");
    if (!r.ok) {
      autosave.setFieldErrors(r.fieldErrors ?? {});
      autosave.setMessage(r.message);
      return setSubmitError(`Not submitted: ${r.message}`);
    }
    local.clear(saved.id);
    toast.success("Submitted for review");
    router.push(`/seeds/${saved.id}`);
  }, [autosave, local, router]);
  const canSubmit = SUBMITTABLE.includes(seedStatus);

  // Ctrl/Cmd+S saves at once (instead of the browser's "save page"); Ctrl/Cmd+Enter submits.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey)) return;
      if (e.key === "s") {
        e.preventDefault();
        void autosave.saveNow();
      } else if (e.key === "Enter" && canSubmit) {
        e.preventDefault();
        if (!submitting) void submit();
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [autosave.saveNow, submit, canSubmit, submitting]);

  // Whatever takes the focus (a difficulty picked with the arrow keys, a field reached with Tab) is scrolled
  // clear of the sticky bar: the browser counts a control under the bar as visible and would leave it there.
  const bar = useRef<HTMLDivElement>(null);
  const keepAboveBar = useCallback((e: React.FocusEvent<HTMLFormElement>) => {
    const target = e.target as HTMLElement;
    const top = bar.current?.getBoundingClientRect().top;
    if (top === undefined || bar.current?.contains(target)) return;
    const covered = (target.closest("label") ?? target).getBoundingClientRect().bottom - (top - 8);
    if (covered > 0) window.scrollBy({ top: covered });
  }, []);

  const errors = autosave.fieldErrors;
  return (
    <>
      <PageHeader title={id ? "Edit seed task" : "New seed task"} description={description} />
      <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_22rem]">
        <form
          className="grid gap-5"
          noValidate
          onFocus={keepAboveBar}
          onSubmit={(e) => {
            e.preventDefault();
            void autosave.saveNow();
          }}
        >
          {local.offer ? (
            <Alert variant="warning">
              <AlertTitle>
                Unsaved text from {new Date(local.offer.at).toLocaleString()} was kept in this browser
              </AlertTitle>
              <AlertDescription>
                <div className="mt-2 flex gap-2">
                  <Button
                    size="sm"
                    onClick={() => {
                      setForm(local.offer?.form ?? form);
                      local.dismissOffer();
                    }}
                  >
                    Restore it
                  </Button>
                  <Button
                    size="sm"
                    variant="outline"
                    onClick={() => {
                      local.clear(id);
                      local.dismissOffer();
                    }}
                  >
                    Discard it
                  </Button>
                </div>
              </AlertDescription>
            </Alert>
          ) : null}
          {autosave.status === "conflict" ? (
            <Alert variant="destructive">
              <AlertTitle>Someone else saved this task first</AlertTitle>
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
                    <a href={id ? `/seeds/${id}/edit` : "/seeds/new"}>
                      Reload their version (yours stays offered)
                    </a>
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
            max={SEED_LIMITS.instruction}
            onValue={set("instruction")}
            error={errors.instruction}
            hint="The task, as the model should read it. A question or an imperative."
            autoFocus={!seedId}
          />
          <LongTextField
            name="input"
            label="Input"
            rows={5}
            value={form.input}
            max={SEED_LIMITS.input}
            onValue={set("input")}
            error={errors.input}
            hint="Context the task works on (a case, a report, the options of a multiple-choice question). Leave empty when none is needed: it is exported as <noinput>."
          />
          <LongTextField
            name="output"
            label="Reference output"
            rows={4}
            value={form.output}
            max={SEED_LIMITS.output}
            onValue={set("output")}
            error={errors.output}
            hint="Optional: a model answer (used by BioInstruct / Self-Instruct style pipelines; never shown to the generator)."
          />
          <TagFields form={form} set={set} vocabulary={vocabulary} errors={errors} />
          <DifficultyField value={form.difficulty} onValue={set("difficulty")} error={errors.difficulty} />
          <SourceFields
            value={form}
            onChange={(patch) => setForm((f) => ({ ...f, ...patch }))}
            errors={errors}
          />
          <LongTextField
            name="note"
            label="Note"
            rows={2}
            value={form.note}
            max={SEED_LIMITS.note}
            onValue={set("note")}
            error={errors.note}
            hint="For reviewers and yourself; not exported."
          />
          <EditorBar
            barRef={bar}
            id={id}
            status={autosave.status}
            savedVersion={savedVersion}
            canSubmit={canSubmit}
            submitting={submitting}
            submitError={submitError}
            onSubmit={() => void submit()}
          />
        </form>
        <aside className="grid content-start gap-6">
          {beside}
          <PhiEditorPanel
            texts={{ instruction: form.instruction, input: form.input, output: form.output }}
            onReplace={(field, text) => set(field)(text)}
            resolved={phiResolved}
          />
          <SimilarSeeds instruction={form.instruction} excludeId={id} />
          <PromptPreview seed={{ ...form, difficulty: form.difficulty ? Number(form.difficulty) : null }} />
        </aside>
      </div>
    </>
  );
}
