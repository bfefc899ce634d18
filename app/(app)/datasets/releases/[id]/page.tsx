import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { PageHeader } from "@/components/app-shell/page-header";
import { SourcesTable } from "@/components/provenance/sources-table";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { LocalTime } from "@/components/ui/local-time";
import { can } from "@/lib/auth/permissions";
import { requirePagePermission } from "@/lib/auth/session";
import { uncheckedNote } from "@/lib/dataset/spot-coverage";
import { getRelease } from "@/lib/dataset/use-cases/get-release";
import { formatBytes } from "@/lib/utils/bytes";
import { CountTable } from "./_components/count-table";
import { ReleasePending } from "./_components/release-pending";

export const metadata: Metadata = { title: "Published dataset" };

const pct = (x: number) => `${Math.round(x * 100)}%`;

export default async function Page({ params }: { params: Promise<{ id: string }> }) {
  const user = await requirePagePermission("dataset.read");
  const release = await getRelease(user, { releaseId: (await params).id });
  if (!release) notFound();
  const stats = release.stats;
  return (
    <>
      <PageHeader
        title={`Dataset #${release.number}: ${release.name}`}
        description={`From ${release.jobs.map((j) => `job #${j.number}`).join(", ")} · ROUGE-L threshold ${release.threshold} · published by ${release.creator}`}
        actions={
          <Link href="/datasets" className="text-sm">
            ← Datasets
          </Link>
        }
      />
      {release.nonCommercial ? (
        <Alert variant="warning" className="mb-4">
          <AlertTitle>Non-commercial</AlertTitle>
          <AlertDescription>
            Some seeds behind this dataset are under a NonCommercial licence, whose terms carry over to the
            generated records: use and share it for non-commercial purposes only. Its dataset card says so.
          </AlertDescription>
        </Alert>
      ) : null}
      {release.state === "PENDING" ? (
        <ReleasePending createdAt={release.createdAt.toISOString()} note={release.error} />
      ) : null}
      {release.state === "FAILED" ? (
        <Alert variant="destructive">
          <AlertDescription>
            {release.error ?? "The release could not be built."}{" "}
            {can(user.roles, "dataset.publish") ? (
              <Link href={`/datasets/publish?${release.jobs.map((j) => `job=${j.id}`).join("&")}`}>
                Publish again
              </Link>
            ) : null}
          </AlertDescription>
        </Alert>
      ) : null}
      {release.lowQualityReason ? (
        <Alert>
          <AlertDescription>
            Published below the quality threshold. Reason given: {release.lowQualityReason}
          </AlertDescription>
        </Alert>
      ) : null}
      {release.state === "READY" ? (
        <div className="grid gap-6">
          <div className="flex flex-wrap gap-x-6 gap-y-1 text-sm">
            <span>
              <strong className="tabular-nums">{release.recordCount.toLocaleString("en-US")}</strong> records
            </span>
            <span>{release.excludedCount} excluded by reviewers</span>
            <span>
              {release.duplicateCount} near-duplicates left out
              {stats ? ` (${stats.crossJobDuplicates} of another job's records)` : ""}
            </span>
            {stats?.unanswered ? <span>{stats.unanswered} without a response left out</span> : null}
            {stats?.minRating != null ? (
              <span>
                minimum rating {stats.minRating}: {stats.belowRating ?? 0} rated below it or unrated left out
              </span>
            ) : null}
            {stats ? <span>{stats.edited} edited</span> : null}
            {stats?.spotCheck ? (
              <span>
                spot check: {pct(stats.spotCheck.acceptable)} acceptable (95% CI {pct(stats.spotCheck.low)}–
                {pct(stats.spotCheck.high)}, {stats.spotCheck.graded} graded)
                {uncheckedNote(stats.spotCheck.unchecked) ? (
                  <strong className="font-medium" data-testid="release-unchecked">
                    {" "}
                    · {uncheckedNote(stats.spotCheck.unchecked)}
                  </strong>
                ) : null}
              </span>
            ) : null}
            {release.readyAt ? (
              <span className="text-muted-foreground">
                ready <LocalTime iso={release.readyAt.toISOString()} />
              </span>
            ) : null}
          </div>
          <Card role="region" aria-labelledby="files-h">
            <CardHeader>
              <CardTitle>
                <h2 id="files-h">Files</h2>
              </CardTitle>
            </CardHeader>
            <CardContent>
              <ul className="grid gap-3">
                {release.files.map((f) => (
                  <li
                    key={f.format}
                    className="flex flex-wrap items-center justify-between gap-2 border-b pb-3 last:border-0"
                  >
                    <div>
                      <div className="font-medium text-sm">{f.label}</div>
                      <div className="text-muted-foreground text-xs">
                        {f.fileName} · {formatBytes(f.byteSize)} · SHA-256{" "}
                        <code className="break-all">{f.sha256}</code>
                      </div>
                    </div>
                    <Button asChild variant="outline" size="sm">
                      <a
                        href={`/api/v1/datasets/releases/${release.id}/download?format=${f.format}`}
                        download={f.fileName}
                      >
                        Download {f.format === "hf" ? "Hugging Face folder" : f.format.toUpperCase()}
                      </a>
                    </Button>
                  </li>
                ))}
              </ul>
            </CardContent>
          </Card>
          {release.sources ? (
            <Card role="region" aria-labelledby="sources-h">
              <CardHeader>
                <CardTitle>
                  <h2 id="sources-h">Sources and licences of its seeds</h2>
                </CardTitle>
              </CardHeader>
              <CardContent>
                <SourcesTable summary={release.sources} what="seeds" />
              </CardContent>
            </Card>
          ) : null}
          {stats ? (
            <Card role="region" aria-labelledby="stats-h">
              <CardHeader>
                <CardTitle>
                  <h2 id="stats-h">What it holds</h2>
                </CardTitle>
              </CardHeader>
              <CardContent className="grid gap-6 md:grid-cols-2">
                <CountTable caption="Task type" counts={stats.types} of={release.recordCount} />
                <CountTable
                  caption="Task category (BioInstruct)"
                  counts={stats.categories}
                  of={release.recordCount}
                />
                <CountTable caption="View group" counts={stats.viewGroups} of={release.recordCount} />
                <CountTable caption="Difficulty" counts={stats.difficulty} of={release.recordCount} />
                <CountTable caption="Topic (top 20)" counts={stats.topics} of={release.recordCount} />
                <CountTable
                  caption="Source jobs"
                  counts={stats.jobs.map((j) => ({
                    label: `#${j.number} (${j.seedSource})`,
                    count: j.released,
                  }))}
                  of={release.recordCount}
                />
              </CardContent>
            </Card>
          ) : null}
          {release.card ? (
            <details className="rounded-lg border p-4">
              <summary className="cursor-pointer font-medium">
                Dataset card (README.md of the Hugging Face folder)
              </summary>
              <pre className="mt-3 max-h-[32rem] overflow-auto whitespace-pre-wrap text-xs">
                {release.card}
              </pre>
            </details>
          ) : null}
        </div>
      ) : null}
    </>
  );
}
