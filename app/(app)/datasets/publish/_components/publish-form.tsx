"use client";

import { useRouter } from "next/navigation";
import { TextField } from "@/components/forms/text-field";
import { useFormAction } from "@/components/forms/use-form-action";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { FieldError } from "@/components/ui/field-error";
import { JOB_STATE_LABELS, type JobState } from "@/lib/model/job-states";
import { createReleaseAction } from "../../actions";

type Job = {
  id: string;
  number: number;
  seedSource: string;
  state: string;
  publishable: number;
  excluded: number;
  spotCheck: string | null;
};

/** Choose jobs (their records are de-duplicated across them), a name and a licence id; a worker builds it. */
export function PublishForm({ jobs, preselected }: { jobs: Job[]; preselected: string[] }) {
  const router = useRouter();
  const { onSubmit, pending, fieldErrors, formError } = useFormAction(createReleaseAction, (release) =>
    router.push(`/datasets/releases/${release.id}`),
  );
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
              defaultChecked={preselected.includes(j.id)}
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
