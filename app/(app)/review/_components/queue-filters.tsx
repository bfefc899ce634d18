import Link from "next/link";
import { Button } from "@/components/ui/button";
import type { SeedListQuery } from "@/lib/validation/seed-list";

type Options = { topics: string[]; views: string[]; types: string[] };
const cls = "h-8 rounded-md border border-input bg-background px-2 text-sm";

/** Narrow the queue like the seed list; the filters stay in the URL. */
export function QueueFilters({ query, options }: { query: SeedListQuery; options: Options }) {
  const select = (name: string, label: string, value: string | undefined, values: string[]) => (
    <label className="grid gap-1 text-xs">
      {label}
      <select name={name} defaultValue={value ?? ""} className={cls}>
        <option value="">Any</option>
        {values.map((v) => (
          <option key={v} value={v}>
            {v}
          </option>
        ))}
      </select>
    </label>
  );
  return (
    <form
      method="get"
      action="/review"
      aria-label="Filter the review queue"
      className="flex flex-wrap items-end gap-3"
    >
      {select("type", "Task type", query.type, options.types)}
      {select("difficulty", "Difficulty", query.difficulty[0]?.toString(), ["1", "2", "3", "4", "5"])}
      {select("topic", "Topic", query.topic, options.topics)}
      {select("view", "View", query.view, options.views)}
      <Button type="submit" size="sm" variant="outline">
        Filter
      </Button>
      <Link href="/review" className="pb-1.5 text-sm underline">
        Clear
      </Link>
    </form>
  );
}
