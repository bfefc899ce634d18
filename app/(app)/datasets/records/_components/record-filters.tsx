import Link from "next/link";
import { FilterSelect } from "@/components/forms/filter-select";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { reasonLabel } from "@/lib/model/discard-reasons";
import { RECORD_STATE_DESCRIPTIONS, RECORD_STATES } from "@/lib/model/record-state";
import type { RecordQuery } from "@/lib/validation/dataset";

type Options = {
  jobs: { id: string; number: number; seedSource: string }[];
  types: string[];
  topics: string[];
  views: string[];
  reasons: string[];
};

function NumberField({
  name,
  label,
  value,
  step,
}: {
  name: string;
  label: string;
  value?: number;
  step: string;
}) {
  return (
    <div className="grid gap-1">
      <Label htmlFor={`filter-${name}`} className="text-xs">
        {label}
      </Label>
      <Input id={`filter-${name}`} name={name} type="number" min={0} step={step} defaultValue={value ?? ""} />
    </div>
  );
}

/** A plain GET form: the filters live in the URL, so a view can be bookmarked, shared and reloaded. */
export function RecordFilters({ query, options }: { query: RecordQuery; options: Options }) {
  return (
    <form
      method="get"
      action="/datasets/records"
      className="grid gap-3 rounded-lg border bg-background p-3"
      aria-label="Filter generated records"
    >
      <div className="grid gap-3 sm:grid-cols-[2fr_1fr_1fr]">
        <div className="grid gap-1">
          <Label htmlFor="filter-q" className="text-xs">
            Search instruction, input and response
          </Label>
          <Input
            id="filter-q"
            name="q"
            type="search"
            defaultValue={query.q ?? ""}
            placeholder="e.g. warfarin dose"
          />
        </div>
        <FilterSelect
          name="job"
          label="Job"
          value={query.job}
          any="All jobs"
          options={options.jobs.map((j) => [j.id, `#${j.number} · ${j.seedSource}`])}
        />
        <FilterSelect
          name="status"
          label="Records"
          value={query.status}
          any={null}
          options={[
            ...RECORD_STATES.map((s) => [s, RECORD_STATE_DESCRIPTIONS[s]] as [string, string]),
            ["all", "All"],
          ]}
        />
      </div>
      <div className="grid gap-3 sm:grid-cols-3 lg:grid-cols-5">
        <FilterSelect
          name="reason"
          label="Discard reason"
          value={query.reason}
          options={options.reasons.map((r) => [r, reasonLabel(r)])}
        />
        <FilterSelect
          name="type"
          label="Task type"
          value={query.type}
          options={options.types.map((t) => [t, t])}
        />
        <FilterSelect
          name="topic"
          label="Topic"
          value={query.topic}
          options={options.topics.map((t) => [t, t])}
        />
        <FilterSelect
          name="view"
          label="View"
          value={query.view}
          options={options.views.map((t) => [t, t])}
        />
        <FilterSelect
          name="difficulty"
          label="Difficulty"
          value={query.difficulty}
          options={[1, 2, 3, 4, 5].map((d) => [String(d), String(d)])}
        />
      </div>
      <div className="grid gap-3 sm:grid-cols-3 lg:grid-cols-6">
        <NumberField name="rougeMin" label="ROUGE-L at least" value={query.rougeMin} step="0.05" />
        <NumberField name="rougeMax" label="ROUGE-L at most" value={query.rougeMax} step="0.05" />
        <FilterSelect
          name="lenOf"
          label="Length of"
          value={query.lenOf}
          any={null}
          options={[
            ["instruction", "Instruction"],
            ["input", "Input"],
            ["output", "Response"],
          ]}
        />
        <NumberField name="minWords" label="Words at least" value={query.minWords} step="1" />
        <NumberField name="maxWords" label="Words at most" value={query.maxWords} step="1" />
        <FilterSelect
          name="sort"
          label="Sort by"
          value={query.sort}
          any={null}
          options={[
            ["seq", "Job, then order kept"],
            ["rouge", "ROUGE-L"],
            ["length", "Length"],
          ]}
        />
      </div>
      <div className="flex items-center gap-3">
        <FilterSelect
          name="dir"
          label="Order"
          value={query.dir}
          any={null}
          options={[
            ["asc", "Ascending"],
            ["desc", "Descending"],
          ]}
        />
        <Button type="submit" className="self-end">
          Apply filters
        </Button>
        <Link href="/datasets/records" className="self-end pb-2 text-sm">
          Clear
        </Link>
      </div>
    </form>
  );
}
