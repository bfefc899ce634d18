import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/app-shell/page-header";
import { Estimate } from "@/components/dataset/estimate";
import { JobStateBadge } from "@/components/generation/job-bits";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { can } from "@/lib/auth/permissions";
import { requirePagePermission } from "@/lib/auth/session";
import { datasetJobs } from "@/lib/dataset/overview";
import { listReleases } from "@/lib/dataset/use-cases/list-releases";
import type { JobState } from "@/lib/model/job-states";
import { ReleaseTable } from "./_components/release-table";

export const metadata: Metadata = { title: "Datasets" };

export default async function Page() {
  const user = await requirePagePermission("dataset.read");
  const [jobs, releases] = await Promise.all([datasetJobs(), listReleases(user, { limit: 50 })]);
  const mayPublish = can(user.roles, "dataset.publish");
  return (
    <>
      <PageHeader
        title="Datasets"
        description="What generation made: browse and curate the records, spot-check a sample, see the analyses, and publish the final dataset."
        actions={
          <>
            <Button asChild variant="outline">
              <Link href="/datasets/records">Browse all records</Link>
            </Button>
            {mayPublish && jobs.length ? (
              <Button asChild>
                <Link href="/datasets/publish">Publish a dataset</Link>
              </Button>
            ) : null}
          </>
        }
      />
      {jobs.length === 0 ? (
        <EmptyState
          title="No generated data yet"
          description="Records appear here once a generation job has kept some tasks. Generation starts from an export of approved seeds."
          action={
            can(user.roles, "generation.run") ? (
              <Button asChild>
                <Link href="/generation/new">Start a generation job</Link>
              </Button>
            ) : (
              <span className="text-sm">Ask an ML engineer or an admin to run a generation job.</span>
            )
          }
        />
      ) : (
        <section aria-labelledby="jobs-h" className="grid gap-3">
          <h2 id="jobs-h" className="font-medium">
            Generated data by job
          </h2>
          <Table framed aria-labelledby="jobs-h">
            <TableHeader>
              <TableRow>
                <TableHead>Job</TableHead>
                <TableHead>State</TableHead>
                <TableHead numeric>Records</TableHead>
                <TableHead>Curated</TableHead>
                <TableHead>Spot check (share acceptable)</TableHead>
                <TableHead>
                  <span className="sr-only">Links</span>
                </TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {jobs.map((j) => (
                <TableRow key={j.id}>
                  <TableCell className="align-top">
                    <Link
                      href={`/datasets/jobs/${j.id}`}
                      className="font-medium underline-offset-2 hover:underline"
                    >
                      Job #{j.number}
                    </Link>
                    <div className="text-muted-foreground text-xs">from {j.seedSource}</div>
                  </TableCell>
                  <TableCell className="align-top">
                    <JobStateBadge state={j.state as JobState} />
                  </TableCell>
                  <TableCell numeric className="align-top">
                    {j.kept.toLocaleString("en-US")}
                    <div className="text-muted-foreground text-xs">
                      {j.answered.toLocaleString("en-US")} answered
                    </div>
                  </TableCell>
                  <TableCell className="align-top text-xs">
                    {j.excluded} excluded · {j.edited} edited
                  </TableCell>
                  <TableCell className="align-top">
                    {j.spotCheck ? (
                      <Estimate estimate={j.spotCheck} sampleSize={j.spotCheck.sampleSize} compact />
                    ) : (
                      <span className="text-muted-foreground text-xs">not checked yet</span>
                    )}
                  </TableCell>
                  <TableCell className="space-x-3 align-top text-xs">
                    <Link href={`/datasets/records?job=${j.id}`}>Records</Link>
                    <Link href={`/datasets/jobs/${j.id}#analysis`}>Analysis</Link>
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </section>
      )}
      <section aria-labelledby="releases-h" className="mt-8 grid gap-3">
        <h2 id="releases-h" className="font-medium">
          Published datasets
        </h2>
        {releases.length ? (
          <ReleaseTable releases={releases} />
        ) : (
          <p className="rounded-lg border border-dashed p-6 text-center text-muted-foreground text-sm">
            Nothing published yet.{" "}
            {mayPublish && jobs.length
              ? "Curate and spot-check a job's records, then publish them as a dataset."
              : "An ML engineer or an admin publishes a dataset once its records are curated and spot-checked."}
          </p>
        )}
      </section>
    </>
  );
}
