import type * as React from "react";
import { licenceLabel } from "@/lib/model/licences";
import { sourceKindLabel } from "@/lib/model/source-kinds";
import { DIFFICULTY_RUBRIC } from "@/lib/seeds/rubric";
import type { SeedFields } from "@/lib/seeds/types";

function Field({ label, value, mono }: { label: string; value: React.ReactNode; mono?: boolean }) {
  return (
    // content-start: beside a taller neighbour (the difficulty's rubric line) the label and value stay at the
    // top instead of spreading over the row's height.
    <div className="grid content-start gap-1">
      <dt className="font-medium text-muted-foreground text-xs uppercase tracking-wide">{label}</dt>
      {/* A long URL (a citation) or word breaks anywhere rather than widen the page on a phone. */}
      <dd className={mono ? "whitespace-pre-wrap font-mono text-sm wrap-anywhere" : "text-sm wrap-anywhere"}>
        {value || "—"}
      </dd>
    </div>
  );
}

/** A task's fields, read-only, with the difficulty's rubric line (for reviewers judging the level). */
export function SeedFieldsView({ seed }: { seed: SeedFields }) {
  const level = seed.difficulty as keyof typeof DIFFICULTY_RUBRIC | null;
  return (
    <dl className="grid gap-4">
      <Field label="Instruction" value={seed.instruction} mono />
      <Field
        label="Input"
        value={
          seed.input || (
            <span className="font-sans text-muted-foreground italic">
              None (the task stands on its own; exported as &lt;noinput&gt;)
            </span>
          )
        }
        mono
      />
      <Field label="Reference output" value={seed.output} mono />
      <div className="grid grid-cols-2 gap-4 sm:grid-cols-4">
        <Field label="Topic" value={seed.topic} />
        <Field label="View" value={seed.view} />
        <Field label="Task type" value={seed.taskType} />
        <Field label="Difficulty" value={level ? `${level}: ${DIFFICULTY_RUBRIC[level]}` : ""} />
      </div>
      <div className="grid grid-cols-2 gap-4 sm:grid-cols-4">
        <Field label="Source" value={sourceKindLabel(seed.sourceKind)} />
        <Field label="Licence" value={licenceLabel(seed.licence)} />
        <Field label="Adapted" value={seed.adapted ? "Yes" : "No"} />
        <Field label="Citation" value={[seed.citation, seed.citationUrl].filter(Boolean).join(" · ")} />
      </div>
      <Field label="Note" value={seed.note} />
    </dl>
  );
}
