import Link from "next/link";
import { FilterSelect } from "@/components/forms/filter-select";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { SEED_STATUS_LABELS, SEED_STATUSES } from "@/lib/model/seed-status";
import type { SeedListQuery } from "@/lib/validation/seed-list";

type Options = {
  topics: string[];
  views: string[];
  types: string[];
  authors: { email: string; name: string | null }[];
};

/** A plain GET form: filters land in the URL, so views can be bookmarked and shared, and work without JS. */
export function SeedFilters({ query, options }: { query: SeedListQuery; options: Options }) {
  return (
    <form
      method="get"
      action="/seeds"
      className="grid gap-3 rounded-lg border bg-background p-3"
      aria-label="Filter seed tasks"
    >
      <div className="grid gap-1">
        <Label htmlFor="filter-q" className="text-xs">
          Search instruction, input and output
        </Label>
        <Input
          id="filter-q"
          name="q"
          type="search"
          defaultValue={query.q}
          placeholder='e.g. hypertension "first line" -pregnancy'
        />
      </div>
      <div className="grid grid-cols-2 gap-3 md:grid-cols-6">
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
      </div>
      <input type="hidden" name="sort" value={query.sort} />
      <input type="hidden" name="dir" value={query.dir} />
      <input type="hidden" name="size" value={query.size} />
      <div className="flex gap-2">
        <Button type="submit" size="sm">
          Apply filters
        </Button>
        <Button asChild size="sm" variant="ghost">
          <Link href="/seeds">Clear</Link>
        </Button>
      </div>
    </form>
  );
}
