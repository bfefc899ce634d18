import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/app-shell/page-header";
import { EmptyState } from "@/components/ui/empty-state";
import { requirePagePermission } from "@/lib/auth/session";
import { datasetJobs } from "@/lib/dataset/overview";
import { nonCommercialByJob } from "@/lib/dataset/releases/sources";
import { PublishForm } from "./_components/publish-form";

export const metadata: Metadata = { title: "Publish a dataset" };

const pct = (x: number | null) => (x === null ? "–" : `${Math.round(x * 100)}%`);

export default async function Page({ searchParams }: { searchParams: Promise<{ job?: string | string[] }> }) {
  await requirePagePermission("dataset.publish");
  const jobs = (await datasetJobs()).filter((j) => j.settled);
  const nonCommercial = await nonCommercialByJob(jobs.map((j) => j.id));
  const job = (await searchParams).job;
  const preselected = Array.isArray(job) ? job : job ? [job] : jobs.length === 1 ? [jobs[0]?.id ?? ""] : [];
  return (
    <>
      <PageHeader
        title="Publish a dataset"
        description="An immutable snapshot of curated records, as Alpaca JSON, JSONL with provenance, CSV and a Hugging Face dataset folder, each with its SHA-256."
      />
      {jobs.length === 0 ? (
        <EmptyState
          title="No finished job to publish"
          description="Publish once a generation job has completed (or is paused) with records kept."
          action={<Link href="/datasets">Back to Datasets</Link>}
        />
      ) : (
        <PublishForm
          preselected={preselected}
          jobs={jobs.map((j) => ({
            id: j.id,
            number: j.number,
            seedSource: j.seedSource,
            state: j.state,
            publishable: j.publishable,
            excluded: j.excluded,
            nonCommercial: nonCommercial.get(j.id) ?? [],
            spotCheck:
              j.spotCheck && j.spotCheck.share !== null
                ? `spot check: ${pct(j.spotCheck.share)} acceptable (95% CI ${pct(j.spotCheck.low)}–${pct(j.spotCheck.high)}, ${j.spotCheck.n} graded)`
                : null,
          }))}
        />
      )}
    </>
  );
}
