import { FilterForm } from "@/components/forms/filter-form";
import { FilterSelect } from "@/components/forms/filter-select";
import type { SeedListQuery } from "@/lib/validation/seed-list";

type Options = { topics: string[]; views: string[]; types: string[] };

/** Narrow the queue like the seed list; the filters stay in the URL. */
export function QueueFilters({ query, options }: { query: SeedListQuery; options: Options }) {
  const select = (name: string, label: string, value: string | undefined, values: string[]) => (
    <div className="min-w-40">
      <FilterSelect name={name} label={label} value={value} options={values.map((v) => [v, v])} />
    </div>
  );
  return (
    <FilterForm action="/review" label="Filter the review queue" compact>
      {select("type", "Task type", query.type, options.types)}
      {select("difficulty", "Difficulty", query.difficulty[0]?.toString(), ["1", "2", "3", "4", "5"])}
      {select("topic", "Topic", query.topic, options.topics)}
      {select("view", "View", query.view, options.views)}
    </FilterForm>
  );
}
