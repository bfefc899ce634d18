import { TextField } from "@/components/forms/text-field";
import { FieldError } from "@/components/ui/field-error";
import { Label } from "@/components/ui/label";
import { SEED_LIMITS } from "@/lib/validation/seed";
import type { SeedForm } from "./seed-form-types";

export type Vocabulary = { topics: string[]; views: string[]; types: string[] };

type Props = {
  form: SeedForm;
  set: (field: keyof SeedForm) => (value: string) => void;
  vocabulary: Vocabulary;
  errors: Record<string, string[] | undefined>;
};

/** Topic and view: free text with the vocabulary suggested while typing; task type: one of the known types. */
export function TagFields({ form, set, vocabulary, errors }: Props) {
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
        hint="e.g. Cardiology"
        autoComplete="off"
      />
      <datalist id="topic-options">
        {vocabulary.topics.map((t) => (
          <option key={t} value={t} />
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
        hint="Whose perspective: Patient, Nurse…"
        autoComplete="off"
      />
      <datalist id="view-options">
        {vocabulary.views.map((v) => (
          <option key={v} value={v} />
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
