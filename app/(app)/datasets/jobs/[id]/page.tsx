import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { after } from "next/server";
import { PageHeader } from "@/components/app-shell/page-header";
import { AnalysisView } from "@/components/dataset/analysis-view";
import { Estimate } from "@/components/dataset/estimate";
import { JobStateBadge } from "@/components/generation/job-bits";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { LocalTime } from "@/components/ui/local-time";
import { can } from "@/lib/auth/permissions";
import { requirePagePermission } from "@/lib/auth/session";
import { storedAnalysis } from "@/lib/dataset/analysis-store";
import { datasetJobs } from "@/lib/dataset/overview";
import { enqueueAnalysis } from "@/lib/dataset/queue";
import { latestSpotCheck, listSpotChecks } from "@/lib/dataset/spot-checks";
import type { JobState } from "@/lib/model/job-states";
import { SPOT_GRADE_LABELS, SPOT_GRADES } from "@/lib/model/spot-grades";
import { AnalysisPending } from "./_components/analysis-pending";
import { GroupEstimates } from "./_components/group-estimates";
import { RatingSection } from "./_components/rating-section";
import { StartSpotCheck } from "./_components/start-spot-check";

export const metadata: Metadata = { title: "Job dataset" };

export default async function Page({ params }: { params: Promise<{ id: string }> }) {
  const user = await requirePagePermission("dataset.read");
  const id = (await params).id;
  const [job] = await datasetJobs({ jobId: id });
  if (!job) notFound();
  const [analysis, check, checks] = await Promise.all([
    storedAnalysis(id),
    latestSpotCheck(id),
    listSpotChecks(id),
  ]);
  const finished = job.settled;
  // A finished job without a current analysis gets one made (the worker also does this when a job ends),
  // asked for after the response so the page never waits on the queue.
  if (finished && (!analysis || analysis.stale))
    after(() =>
      enqueueAnalysis(id).catch((error: unknown) =>
        console.error(`[dataset] could not queue the analysis of job ${id}:`, error),
      ),
    );
  const mayCheck = can(user.roles, "dataset.spotcheck");
  const publishable = job.publishable;
  return (
    <>
      <PageHeader
        title={`Dataset of job #${job.number}`}
        description={`From ${job.seedSource}`}
        actions={
          <>
            <Button asChild variant="outline">
              <Link href={`/datasets/records?job=${job.id}`}>Browse its records</Link>
            </Button>
            {can(user.roles, "generation.read") ? (
              <Button asChild variant="ghost">
                <Link href={`/generation/${job.id}`}>Generation job</Link>
              </Button>
            ) : null}
          </>
        }
      />
      <div className="mb-6 flex flex-wrap items-center gap-x-6 gap-y-2 text-sm">
        <JobStateBadge state={job.state as JobState} />
        <span>
          <strong className="tabular-nums">{job.kept.toLocaleString("en-US")}</strong> kept of{" "}
          {job.target.toLocaleString("en-US")}
        </span>
        <span>{job.answered.toLocaleString("en-US")} answered</span>
        <Link href={`/datasets/records?job=${job.id}&status=excluded`}>{job.excluded} excluded</Link>
        <span>
          <strong className="tabular-nums">{(job.kept - job.excluded).toLocaleString("en-US")}</strong> kept
          and not excluded (what a release takes)
        </span>
        <span>{job.edited} edited</span>
      </div>

      <Card role="region" aria-labelledby="spot-h" className="mb-6">
        <CardHeader>
          <CardTitle>
            <h2 id="spot-h">Spot check</h2>
          </CardTitle>
          <CardDescription>
            Reviewers grade a random sample as acceptable, wrong, unsafe or off-task; the share acceptable of
            the whole job is estimated from it with a 95% interval.
          </CardDescription>
        </CardHeader>
        <CardContent className="grid gap-6">
          {check ? (
            <>
              <div className="grid gap-2">
                <Estimate estimate={check.overall} sampleSize={check.sampleSize} />
                <p className="text-muted-foreground text-xs">
                  Spot check #{check.number}: {check.graded} of {check.sampleSize} graded (sized for ±
                  {Math.round(check.marginOfError * 100)} points over{" "}
                  {check.population.toLocaleString("en-US")} records), drawn by {check.creator},{" "}
                  <LocalTime iso={check.createdAt.toISOString()} />.{" "}
                  {SPOT_GRADES.map((g) => `${SPOT_GRADE_LABELS[g]} ${check.grades[g]}`).join(" · ")}
                </p>
                {mayCheck ? (
                  <div>
                    <Button asChild>
                      <Link href={`/datasets/jobs/${job.id}/spot-check?check=${check.id}`}>
                        {check.graded < check.sampleSize ? "Grade the sample" : "Review the grades"}
                      </Link>
                    </Button>
                  </div>
                ) : null}
              </div>
              <div className="grid gap-6 md:grid-cols-2">
                <GroupEstimates caption="By task type" groups={check.byType} />
                <GroupEstimates caption="By difficulty" groups={check.byDifficulty} />
              </div>
            </>
          ) : (
            <p className="text-muted-foreground text-sm">
              {!mayCheck
                ? "No spot check yet: a reviewer draws a sample and grades it; the estimate appears here."
                : finished
                  ? "No spot check yet. Draw a sample to grade: its size follows from the margin of error you need."
                  : "Spot-check the job once it has finished (or is paused)."}
            </p>
          )}
          {mayCheck && finished && publishable > 0 ? (
            <details open={!check}>
              <summary className="cursor-pointer text-sm">
                {check ? "Draw a new sample" : "Draw a sample"}
              </summary>
              <div className="mt-3">
                <StartSpotCheck jobId={job.id} population={publishable} />
              </div>
            </details>
          ) : null}
          {checks.length > 1 ? (
            <p className="text-muted-foreground text-xs">
              Earlier spot checks:{" "}
              {checks.slice(1).map((c, i) => (
                <span key={c.id}>
                  {i ? ", " : ""}
                  {mayCheck ? (
                    <Link href={`/datasets/jobs/${job.id}/spot-check?check=${c.id}`}>#{c.number}</Link>
                  ) : (
                    `#${c.number}`
                  )}{" "}
                  ({c.sampleSize})
                </span>
              ))}
            </p>
          ) : null}
        </CardContent>
      </Card>

      <RatingSection
        jobId={job.id}
        finished={finished}
        mayRate={can(user.roles, "rating.run")}
        mayCurate={can(user.roles, "dataset.curate")}
        mayEditRubric={can(user.roles, "rating.rubric")}
      />

      <section id="analysis" aria-labelledby="analysis-h" className="grid gap-3">
        <div className="flex flex-wrap items-baseline justify-between gap-2">
          <h2 id="analysis-h" className="font-medium text-lg">
            Analysis
          </h2>
          {analysis ? (
            <p className="text-muted-foreground text-xs">
              Computed <LocalTime iso={analysis.computedAt.toISOString()} /> in {analysis.analysis.durationMs}{" "}
              ms
              {analysis.stale ? " · records changed since: recomputing" : ""}
            </p>
          ) : null}
        </div>
        {analysis?.stale && finished ? (
          <AnalysisPending message="Records changed since this analysis: it is being recomputed, and updates here by itself." />
        ) : null}
        {analysis ? (
          <AnalysisView analysis={analysis.analysis} />
        ) : finished ? (
          <AnalysisPending message="Computing the analysis in the background… It appears here by itself. (If it never does, no worker is running: see the README.)" />
        ) : (
          <p className="rounded-lg border border-dashed p-6 text-center text-muted-foreground text-sm">
            The analysis is made when the job completes.
          </p>
        )}
      </section>
    </>
  );
}
