import { FilterForm, FilterInput, FilterRow } from "@/components/forms/filter-form";
import { FilterSelect } from "@/components/forms/filter-select";
import { licenceLabel } from "@/lib/model/licences";
import { SEED_STATUS_LABELS, SEED_STATUSES } from "@/lib/model/seed-status";
import { SOURCE_KIND_LABELS, SOURCE_KINDS } from "@/lib/model/source-kinds";
import type { SeedListQuery } from "@/lib/validation/seed-list";

type Options = {
  topics: string[];
  views: string[];
  types: string[];
  authors: { email: string; name: string | null }[];
  licences: string[];
};

/** The seed list's filters, in the URL (sort order and page size carried along). */
export function SeedFilters({ query, options }: { query: SeedListQuery; options: Options }) {
  return (
    <FilterForm
      action="/seeds"
      label="Filter seed tasks"
      keep={{ sort: query.sort, dir: query.dir, size: query.size }}
    >
      <FilterInput
        name="q"
        label="Search instruction, input and output"
        type="search"
        value={query.q}
        placeholder='e.g. hypertension "first line" -pregnancy'
      />
      <FilterRow className="md:grid-cols-6">
        <FilterSelect
          name="status"
          label="Status"
          value={query.status[0]}
          options={SEED_STATUSES.map((s) => [s, SEED_STATUS_LABELS[s]])}
        />
        <FilterSelect
          name="type"
          label="Task type"
          value={query.type}
          options={options.types.map((t) => [t, t])}
        />
        <FilterSelect
          name="difficulty"
          label="Difficulty"
          value={query.difficulty[0]?.toString()}
          options={["1", "2", "3", "4", "5"].map((d) => [d, d])}
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
          options={options.views.map((v) => [v, v])}
        />
        <FilterSelect
          name="author"
          label="Author"
          value={query.author}
          options={options.authors.map((a) => [a.email, a.name ?? a.email])}
        />
      </FilterRow>
      <FilterRow className="md:grid-cols-6">
        <FilterSelect
          name="source"
          label="Source"
          value={query.source}
          options={SOURCE_KINDS.map((k) => [k, SOURCE_KIND_LABELS[k]])}
        />
        <FilterSelect
          name="licence"
          label="Licence"
          value={query.licence}
          options={options.licences.map((l) => [l, licenceLabel(l)])}
        />
      </FilterRow>
    </FilterForm>
  );
}
