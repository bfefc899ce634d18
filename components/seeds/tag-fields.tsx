import { TextField } from "@/components/forms/text-field";
import { FieldError } from "@/components/ui/field-error";
import { Label } from "@/components/ui/label";
import { vocabKey } from "@/lib/model/vocabulary";
import { SEED_LIMITS } from "@/lib/validation/seed";
import type { SeedForm } from "./seed-form-types";

/** `proposed`: the viewer's own values still waiting for an admin (also listed in topics/views). */
export type Vocabulary = { topics: string[]; views: string[]; types: string[]; proposed?: string[] };

/** What the field says about the typed value: known, the viewer's pending proposal, or new (a proposal). */
function tagHint(value: string, known: string[], proposed: string[], example: string, noun: string): string {
  const key = vocabKey(value);
  if (!key) return example;
  const match = known.find((k) => vocabKey(k) === key);
  if (match && proposed.includes(match))
    return `Proposed: waits for an admin to accept this ${noun}; only you are offered it.`;
  if (match) return example;
  return `New ${noun}: saved as your proposal until an admin accepts it.`;
}

type Props = {
  form: SeedForm;
  set: (field: keyof SeedForm) => (value: string) => void;
  vocabulary: Vocabulary;
  errors: Record<string, string[] | undefined>;
};

/** Topic and view: free text with the vocabulary suggested while typing; task type: one of the known types. */
export function TagFields({ form, set, vocabulary, errors }: Props) {
  const proposed = vocabulary.proposed ?? [];
  return (
    <div className="grid gap-4 sm:grid-cols-3">
      <TextField
        name="topic"
        label="Topic"
        list="topic-options"
        value={form.topic}
        maxLength={SEED_LIMITS.tag}
        onChange={(e) => set("topic")(e.target.value)}
        error={errors.topic}
        hint={tagHint(form.topic, vocabulary.topics, proposed, "e.g. Cardiology", "topic")}
        autoComplete="off"
      />
      <datalist id="topic-options">
        {vocabulary.topics.map((t) => (
          <option key={t} value={t} label={proposed.includes(t) ? `${t} (proposed)` : undefined} />
        ))}
      </datalist>
      <TextField
        name="view"
        label="View"
        list="view-options"
        value={form.view}
        maxLength={SEED_LIMITS.tag}
        onChange={(e) => set("view")(e.target.value)}
        error={errors.view}
        hint={tagHint(form.view, vocabulary.views, proposed, "Whose perspective: Patient, Nurse…", "view")}
        autoComplete="off"
      />
      <datalist id="view-options">
        {vocabulary.views.map((v) => (
          <option key={v} value={v} label={proposed.includes(v) ? `${v} (proposed)` : undefined} />
        ))}
      </datalist>
      <div className="grid gap-1.5">
        <Label htmlFor="seed-taskType">Task type</Label>
        <select
          id="seed-taskType"
          name="taskType"
          value={form.taskType}
          onChange={(e) => set("taskType")(e.target.value)}
          aria-invalid={errors.taskType?.length ? true : undefined}
          aria-describedby={errors.taskType?.length ? "seed-taskType-error" : undefined}
          className="h-9 rounded-md border border-input bg-background px-3 text-sm shadow-xs focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring"
        >
          <option value="">Choose…</option>
          {vocabulary.types.map((t) => (
            <option key={t} value={t}>
              {t}
            </option>
          ))}
        </select>
        <FieldError id="seed-taskType-error" message={errors.taskType} />
      </div>
    </div>
  );
}
