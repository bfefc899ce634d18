"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { TextField } from "@/components/forms/text-field";
import { useFormAction } from "@/components/forms/use-form-action";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { FieldError } from "@/components/ui/field-error";
import { toast } from "@/components/ui/toast";
import { JOB_STATE_LABELS, type JobState } from "@/lib/model/job-states";
import { createReleaseAction } from "../../actions";
import { PublishQualityPanel } from "./publish-quality";

type Job = {
  id: string;
  number: number;
  seedSource: string;
  state: string;
  publishable: number;
  excluded: number;
  /** NonCommercial licences its seeds carry (issue 15) */
  nonCommercial: string[];
  spotCheck: string | null;
};

/** Choose jobs (their records are de-duplicated across them), a name and a licence id; a worker builds it. */
export function PublishForm({ jobs, preselected }: { jobs: Job[]; preselected: string[] }) {
  const router = useRouter();
  const { onSubmit, pending, fieldErrors, formError } = useFormAction(createReleaseAction, (release) => {
    for (const w of release.warnings) toast.warning(w);
    router.push(`/datasets/releases/${release.id}`);
  });
  const [chosen, setChosen] = useState<string[]>(preselected.filter((id) => jobs.some((j) => j.id === id)));
  const toggle = (id: string, on: boolean) =>
    setChosen((now) => (on ? [...now.filter((x) => x !== id), id] : now.filter((x) => x !== id)));
  // In the jobs' order, so ticking the same jobs in another order asks for the same estimate.
  const chosenIds = jobs.filter((j) => chosen.includes(j.id)).map((j) => j.id);
  const nonCommercial = jobs.filter((j) => chosen.includes(j.id) && j.nonCommercial.length);
  return (
    <form onSubmit={onSubmit} className="grid max-w-3xl gap-5" aria-label="Publish a dataset">
      <TextField
        name="name"
        label="Name"
        required
        maxLength={120}
        placeholder="e.g. MedInstruct pilot v1"
        error={fieldErrors?.name}
      />
      <fieldset className="grid gap-2" aria-describedby={fieldErrors?.jobIds ? "jobs-error" : "jobs-hint"}>
        <legend className="mb-1 font-medium text-sm">Jobs</legend>
        <p id="jobs-hint" className="text-muted-foreground text-xs">
          Kept, answered and not excluded records of each job, oldest job first; with several jobs, a record
          that duplicates one taken before it (ROUGE-L above the threshold) is left out.
        </p>
        {jobs.map((j) => (
          <label key={j.id} className="flex items-start gap-2 rounded-md border p-2 text-sm">
            <input
              type="checkbox"
              name="jobIds"
              value={j.id}
              checked={chosen.includes(j.id)}
              onChange={(ev) => toggle(j.id, ev.target.checked)}
              className="mt-1"
            />
            <span>
              <span className="font-medium">Job #{j.number}</span> from {j.seedSource} ·{" "}
              {JOB_STATE_LABELS[j.state as JobState] ?? j.state} · {j.publishable.toLocaleString("en-US")}{" "}
              records ({j.excluded} excluded)
              <span className="block text-muted-foreground text-xs">{j.spotCheck ?? "not spot-checked"}</span>
            </span>
          </label>
        ))}
        <FieldError id="jobs-error" message={fieldErrors?.jobIds} />
      </fieldset>
      <div className="grid gap-5 sm:grid-cols-2">
        <TextField
          name="threshold"
          label="ROUGE-L threshold"
          type="number"
          step="0.05"
          min={0}
          max={1}
          defaultValue="0.7"
          hint="Alpaca's and AlpaCare's 0.7 by default."
          error={fieldErrors?.threshold}
        />
        <TextField
          name="minRating"
          label="Minimum rating (optional)"
          type="number"
          step="0.5"
          min={1}
          max={5}
          placeholder="e.g. 4.5"
          hint="Leaves out records an LLM rater scored lower, and unrated ones; the dataset card says so."
          error={fieldErrors?.minRating}
        />
        <TextField
          name="license"
          label="Licence (SPDX id, optional)"
          placeholder="cc-by-nc-4.0"
          hint="Goes into the dataset card; AlpaCare's seeds are CC BY-NC 4.0."
          error={fieldErrors?.license}
        />
      </div>
      <PublishQualityPanel jobIds={chosenIds} error={fieldErrors?.acceptLowQuality} />
      {nonCommercial.length ? (
        <Alert variant="warning" role="status">
          <AlertTitle>Non-commercial data</AlertTitle>
          <AlertDescription>
            {nonCommercial
              .map((j) => `Job #${j.number}'s seeds include ${j.nonCommercial.join(", ")}`)
              .join("; ")}
            . Those terms carry over to the generated records: the release will be marked non-commercial and
            its dataset card will say so. Choose a licence that allows no commercial use (e.g. cc-by-nc-4.0).
          </AlertDescription>
        </Alert>
      ) : null}
      {formError ? (
        <Alert variant="destructive">
          <AlertDescription>{formError}</AlertDescription>
        </Alert>
      ) : null}
      <div>
        <Button type="submit" disabled={pending}>
          {pending ? "Publishing…" : "Publish"}
        </Button>
      </div>
    </form>
  );
}
