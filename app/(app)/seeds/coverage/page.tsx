import { ChartColumnIcon } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/app-shell/page-header";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { can } from "@/lib/auth/permissions";
import { requirePagePermission } from "@/lib/auth/session";
import { getCoverage, parseCoverageScope, scopeStatuses } from "@/lib/seeds/coverage";
import { coverageGaps } from "@/lib/seeds/coverage-gaps";
import { getSourceCoverage } from "@/lib/seeds/coverage-sources";
import { DifficultyChart, TopicChart, ViewGroupChart } from "./_components/coverage-charts";
import { GapList } from "./_components/gap-list";
import { ScopeSwitch } from "./_components/scope-switch";
import { LicenceChart, SourceKindChart } from "./_components/source-charts";
import { SummaryTiles } from "./_components/summary-tiles";
import { TypeDifficultyHeatmap } from "./_components/type-difficulty-heatmap";

export const metadata: Metadata = { title: "Seed coverage" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function CoveragePage({ searchParams }: Props) {
  const user = await requirePagePermission("seed.read");
  const scope = parseCoverageScope((await searchParams).scope);
  const [counts, sources] = await Promise.all([getCoverage(scope), getSourceCoverage(scope)]);
  const statuses = scopeStatuses(scope);
  const gaps = coverageGaps(counts);
  const canWrite = can(user.roles, "seed.create");
  const canImport = can(user.roles, "seed.import");

  return (
    <>
      <PageHeader
        title="Seed coverage"
        description="How the seed set spreads over task type, difficulty, point of view and topic. Generation can only imitate what the seeds show it: fill the gaps."
        actions={<ScopeSwitch scope={scope} />}
      />
      {counts.total === 0 ? (
        <EmptyState
          icon={<ChartColumnIcon />}
          title={scope === "approved" ? "No approved seed tasks yet" : "No seed tasks yet"}
          description={
            scope === "approved"
              ? "Once reviewers approve seed tasks, their coverage shows here. Switch to “All in use” to see drafts and submitted tasks."
              : canWrite || canImport
                ? "Coverage shows what the seed set is missing. Write a first seed task, or import an existing seed file (such as AlpaCare's med_seed.json)."
                : "Coverage shows what the seed set is missing once authors write or import seed tasks."
          }
          action={
            scope === "approved" ? (
              <Button asChild variant="outline">
                <Link href="/seeds/coverage">Show all in use</Link>
              </Button>
            ) : (
              <>
                {canWrite ? (
                  <Button asChild>
                    <Link href="/seeds/new">Write a seed task</Link>
                  </Button>
                ) : null}
                {canImport ? (
                  <Button asChild variant="outline">
                    <Link href="/seeds/import">Import seeds</Link>
                  </Button>
                ) : null}
              </>
            )
          }
        />
      ) : (
        <>
          <GapList gaps={gaps} canWrite={canWrite} />
          <SummaryTiles counts={counts} statuses={statuses} />
          <div className="grid gap-6 xl:grid-cols-5">
            <div className="xl:col-span-3">
              <TypeDifficultyHeatmap
                types={counts.types}
                difficulty={counts.difficulty}
                total={counts.total}
                statuses={statuses}
              />
            </div>
            <div className="xl:col-span-2">
              <DifficultyChart counts={counts} gaps={gaps} statuses={statuses} />
            </div>
            <div className="xl:col-span-2">
              <ViewGroupChart counts={counts} gaps={gaps} statuses={statuses} />
            </div>
            <div className="xl:col-span-3">
              <TopicChart counts={counts} gaps={gaps} statuses={statuses} />
            </div>
            {/* by source (provenance and licence, issue 15) */}
            <div className="xl:col-span-2">
              <SourceKindChart coverage={sources} statuses={statuses} total={counts.total} />
            </div>
            <div className="xl:col-span-3">
              <LicenceChart coverage={sources} statuses={statuses} total={counts.total} />
            </div>
          </div>
        </>
      )}
    </>
  );
}
