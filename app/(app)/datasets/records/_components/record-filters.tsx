import { FilterForm, FilterInput, FilterRow } from "@/components/forms/filter-form";
import { FilterSelect } from "@/components/forms/filter-select";
import { reasonLabel } from "@/lib/model/discard-reasons";
import { RECORD_STATE_DESCRIPTIONS, RECORD_STATES } from "@/lib/model/record-state";
import { RECORD_SIGNAL_LABELS, RECORD_SIGNALS, type RecordQuery } from "@/lib/validation/dataset";

type Options = {
  jobs: { id: string; number: number; seedSource: string }[];
  types: string[];
  topics: string[];
  views: string[];
  reasons: string[];
};

/** The record browser's filters, in the URL. */
export function RecordFilters({ query, options }: { query: RecordQuery; options: Options }) {
  return (
    <FilterForm action="/datasets/records" label="Filter generated records">
      <FilterRow className="grid-cols-1 sm:grid-cols-[2fr_1fr_1fr]">
        <FilterInput
          name="q"
          label="Search instruction, input and response"
          type="search"
          value={query.q}
          placeholder="e.g. warfarin dose"
        />
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
      </FilterRow>
      <FilterRow className="sm:grid-cols-3 lg:grid-cols-5">
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
      </FilterRow>
      <FilterRow className="sm:grid-cols-4 lg:grid-cols-7">
        <FilterInput
          name="rougeMin"
          label="ROUGE-L at least"
          type="number"
          min={0}
          step="0.05"
          value={query.rougeMin}
        />
        <FilterInput
          name="rougeMax"
          label="ROUGE-L at most"
          type="number"
          min={0}
          step="0.05"
          value={query.rougeMax}
        />
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
        <FilterInput
          name="minWords"
          label="Words at least"
          type="number"
          min={0}
          step="1"
          value={query.minWords}
        />
        <FilterInput
          name="maxWords"
          label="Words at most"
          type="number"
          min={0}
          step="1"
          value={query.maxWords}
        />
        <FilterSelect
          name="sort"
          label="Sort by"
          value={query.sort}
          any={null}
          options={[
            ["seq", "Job, then order kept"],
            ["rouge", "ROUGE-L"],
            ["length", "Length"],
            ["rating", "Rating"],
          ]}
        />
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
      </FilterRow>
      <FilterRow className="sm:grid-cols-3">
        <FilterInput
          name="ratingMin"
          label="Rated at least"
          type="number"
          min={1}
          max={5}
          step="0.5"
          value={query.ratingMin}
        />
        <FilterInput
          name="ratingBelow"
          label="Rated below"
          type="number"
          min={1}
          max={5.5}
          step="0.5"
          value={query.ratingBelow}
        />
        <FilterSelect
          name="signal"
          label="Signal"
          value={query.signal}
          options={RECORD_SIGNALS.map((s) => [s, RECORD_SIGNAL_LABELS[s]])}
        />
      </FilterRow>
    </FilterForm>
  );
}
