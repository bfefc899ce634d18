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
import { DiscardDraft } from "./discard-draft";
import { EditorBar } from "./editor-bar";
import { SaveProblem, useEditorKeys, useKeepAboveBar, useSubmitOnScreen } from "./editor-kit";
import { LongTextField } from "./long-text-field";
import { PromptPreview } from "./prompt-preview";
import { restoreKept, type SeedForm, sameForm } from "./seed-form-types";
import { NearDuplicateNote, SimilarSeeds, useSimilarSeeds } from "./similar-seeds";
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
  const [id, setId] = useState(seedId);
  // The version whose save took an approval back (approved before the editor opened, or meanwhile): said so.
  const [withdrawn, setWithdrawn] = useState<number | null>(null);
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
      setSeedStatus(saved.status);
      if (saved.approvalWithdrawn) setWithdrawn(saved.version);
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
    if (!sameForm(form, autosave.server.current.form)) local.keep(form, id, autosave.server.current.form);
  }, [form, id, local, autosave.server]);
  // Only what the kept copy changed: a change saved since (another tab) to another field stays.
  const restoreOffer = () => {
    if (local.offer) {
      const { form: restored, replaced } = restoreKept(local.offer.form, local.offer.base, form);
      setForm(restored);
      if (replaced.length)
        toast.warning(
          `Your kept text replaces a newer change to ${replaced.join(", ")}; the version it replaces stays in the history.`,
        );
    }
    local.settleOffer();
  };

  const onSubmitted = useCallback(
    (savedId: string) => {
      local.clear(savedId);
      toast.success("Submitted for review");
      router.push(`/seeds/${savedId}`);
    },
    [local, router],
  );
  const { submit, submitting, submitError } = useSubmitOnScreen(
    autosave,
    savedVersion,
    submitSeedAction,
    onSubmitted,
  );
  const canSubmit = SUBMITTABLE.includes(seedStatus);
  const editorForm = useRef<HTMLFormElement>(null);
  useEditorKeys({ saveNow: autosave.saveNow, submit, canSubmit, submitting, form: editorForm });
  const bar = useRef<HTMLDivElement>(null);
  const keepAboveBar = useKeepAboveBar(bar);

  const errors = autosave.fieldErrors;
  const similar = useSimilarSeeds(form.instruction, id);
  return (
    <>
      <PageHeader title={id ? "Edit seed task" : "New seed task"} description={description} />
      <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_22rem]">
        <form
          ref={editorForm}
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
                  <Button size="sm" onClick={restoreOffer}>
                    Restore it
                  </Button>
                  <Button size="sm" variant="outline" onClick={() => local.settleOffer()}>
                    Discard it
                  </Button>
                </div>
              </AlertDescription>
            </Alert>
          ) : null}
          {withdrawn ? (
            <Alert variant="warning" role="alert">
              <AlertTitle>Your change sent this task back to review</AlertTitle>
              <AlertDescription>
                It had been approved; a changed task is reviewed again, so version {withdrawn} now waits for a
                reviewer. The approved version stays in its history.
              </AlertDescription>
            </Alert>
          ) : null}
          <SaveProblem
            autosave={autosave}
            form={form}
            noun="task"
            reloadHref={id ? `/seeds/${id}/edit` : "/seeds/new"}
            reloadLabel="Reload the saved version (yours stays offered)"
          />

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
          {/* Below the large layout the list of similar tasks sits under the whole form: the warning shows here. */}
          <NearDuplicateNote matches={similar.matches} className="lg:hidden" />
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
            hint="For reviewers and yourself. Never sent to a model, and left out of the AlpaCare, Self-Instruct and Alpaca exports; MedSeed's JSONL and CSV exports keep it (a round trip), so it is screened for patient identifiers like the task."
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
            extra={
              id && seedStatus === "DRAFT" ? (
                <DiscardDraft
                  id={id}
                  // Nothing more to keep in this browser for a task given up (a save on the way out, if any, is
                  // refused: an archived task is not edited).
                  onDiscarded={() => local.clear(id)}
                />
              ) : null
            }
          />
        </form>
        <aside className="grid content-start gap-6">
          {beside}
          <PhiEditorPanel
            texts={{ instruction: form.instruction, input: form.input, output: form.output, note: form.note }}
            onReplace={(field, text) => set(field)(text)}
            resolved={phiResolved}
          />
          <SimilarSeeds matches={similar.matches} checking={similar.checking} />
          <PromptPreview seed={{ ...form, difficulty: form.difficulty ? Number(form.difficulty) : null }} />
        </aside>
      </div>
    </>
  );
}
