import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { PageHeader } from "@/components/app-shell/page-header";
import { SearchCutNote } from "@/components/forms/filter-form";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { can } from "@/lib/auth/permissions";
import { requirePagePermission } from "@/lib/auth/session";
import { bulkRowsFor } from "@/lib/review/bulk-rows";
import { seedFilterOptions } from "@/lib/seeds/list";
import { listSeedTasks } from "@/lib/seeds/use-cases/list-seed-tasks";
import { seedListParams, seedListQuerySchema } from "@/lib/validation/seed-list";
import { SEARCH_MAX, searchWasCut } from "@/lib/validation/text";
import { SeedFilters } from "./_components/seed-filters";
import { SeedListSelection, SeedTable } from "./_components/seed-table";

export const metadata: Metadata = { title: "Seeds" };

export default async function SeedsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[]>>;
}) {
  const user = await requirePagePermission("seed.read");
  const params = await searchParams;
  const query = seedListQuerySchema.parse(params);
  const [page, options] = await Promise.all([
    listSeedTasks(user, { by: "page", query }),
    seedFilterOptions(user.id),
  ]);
  // A page past the last (an old link, a hand-typed ?page=999): the last page, its filters kept.
  if (page.total > 0 && page.rows.length === 0 && page.page > page.pages && !page.totalIsLowerBound)
    redirect(`/seeds?${seedListParams({ ...query, page: page.pages })}`);
  const filtered = Boolean(
    query.q ||
      query.status.length ||
      query.topic ||
      query.view ||
      query.type ||
      query.difficulty.length ||
      query.author ||
      query.source ||
      query.licence,
  );
  const canWrite = can(user.roles, "seed.create");
  const bulk = can(user.roles, "seed.approve") || can(user.roles, "seed.submit");
  const rows = bulk ? await bulkRowsFor(user, page.rows) : [];
  return (
    <>
      <PageHeader
        title="Seeds"
        description="Clinician-written seed tasks, tagged by topic, view, task type and difficulty."
        actions={
          <>
            <Button asChild variant="outline">
              <Link href="/seeds/coverage">Coverage</Link>
            </Button>
            {can(user.roles, "seed.import") ? (
              <Button asChild variant="outline">
                <Link href="/seeds/import">Import</Link>
              </Button>
            ) : null}
            {canWrite ? (
              <Button asChild>
                <Link href="/seeds/new">New seed task</Link>
              </Button>
            ) : null}
          </>
        }
      />
      <div className="grid gap-4">
        <SeedFilters query={query} options={options} />
        {searchWasCut(params.q, SEARCH_MAX) ? <SearchCutNote max={SEARCH_MAX} /> : null}
        <SeedListSelection rows={rows} enabled={bulk}>
          {page.total === 0 ? (
            filtered ? (
              <EmptyState
                title="No task matches these filters"
                description="Loosen a filter or clear them all."
                action={<Link href="/seeds">Clear filters</Link>}
              />
            ) : (
              <EmptyState
                title="No seed tasks yet"
                description={
                  canWrite
                    ? "Write the first one, or import an existing seed file (AlpaCare, Self-Instruct or Alpaca format)."
                    : "Authors have not written any seed tasks yet."
                }
                action={
                  canWrite ? (
                    <div className="flex gap-2">
                      <Button asChild>
                        <Link href="/seeds/new">New seed task</Link>
                      </Button>
                      <Button asChild variant="outline">
                        <Link href="/seeds/import">Import a file</Link>
                      </Button>
                    </div>
                  ) : null
                }
              />
            )
          ) : (
            <SeedTable page={page} query={query} selectable={bulk} />
          )}
        </SeedListSelection>
      </div>
    </>
  );
}
