import Link from "next/link";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { recentExclusions } from "@/lib/dataset/exclude-below";
import { ratingHistogram } from "@/lib/dataset/rating-histogram";
import { ratingJobsOf } from "@/lib/rating/jobs";
import { currentRubric } from "@/lib/rating/rubrics";
import { ExcludeBelow } from "./exclude-below";
import { RatingHistogramTable } from "./rating-histogram";
import { RatingJobs } from "./rating-jobs";
import { RubricEditor } from "./rubric-editor";
import { StartRating } from "./start-rating";

/** Quality rating of a job's records: runs, the histogram, and acting on it (issue 17). */
export async function RatingSection({
  jobId,
  finished,
  mayRate,
  mayCurate,
  mayEditRubric,
}: {
  jobId: string;
  finished: boolean;
  mayRate: boolean;
  mayCurate: boolean;
  mayEditRubric: boolean;
}) {
  const [jobs, histogram, past, rubric] = await Promise.all([
    ratingJobsOf(jobId),
    ratingHistogram(jobId),
    recentExclusions(jobId),
    currentRubric(),
  ]);
  const rated = histogram.overall.total - histogram.overall.unrated;
  return (
    <Card role="region" aria-labelledby="rating-h" className="mb-6">
      <CardHeader>
        <CardTitle>
          <h2 id="rating-h">Quality rating</h2>
        </CardTitle>
        <CardDescription>
          An LLM rater scores each kept record 1 to 5 for accuracy and helpfulness (advice that could harm a
          patient scores 1), as AlpaGasus did; keep the best, exclude the rest. A text rated before with the
          same rubric and model is never paid for again.
        </CardDescription>
      </CardHeader>
      <CardContent className="grid gap-6">
        <RatingJobs jobs={jobs} mayRun={mayRate} />
        {mayRate && finished ? (
          <StartRating
            jobId={jobId}
            last={jobs[0]?.provider ? { ...jobs[0].provider, model: jobs[0].model } : null}
          />
        ) : null}
        <details>
          <summary className="cursor-pointer text-sm">Rubric (version {rubric.version})</summary>
          <div className="mt-3">
            {mayEditRubric ? (
              <RubricEditor rubric={rubric} />
            ) : (
              <pre className="whitespace-pre-wrap rounded-md border p-3 text-xs">{rubric.user}</pre>
            )}
          </div>
        </details>
        {!finished ? (
          <p className="text-muted-foreground text-sm">
            Rate the records once the job has finished (or is paused).
          </p>
        ) : null}
        {rated ? (
          <>
            <div className="grid gap-6 lg:grid-cols-2">
              <RatingHistogramTable caption="Ratings by task type" rows={histogram.byType} />
              <RatingHistogramTable caption="Ratings by difficulty" rows={histogram.byDifficulty} />
            </div>
            <p className="text-sm">
              <Link href={`/datasets/records?job=${jobId}&ratingBelow=3&sort=rating`}>
                Browse the records rated below 3
              </Link>
            </p>
            {mayCurate ? (
              <ExcludeBelow jobId={jobId} past={past} />
            ) : (
              // Said rather than left out: "exclude the rest" above, and no way to on the page.
              <p className="text-muted-foreground text-sm">
                Excluding records (those rated below a score, or one by one) is for reviewers: ask one, or
                publish with a minimum rating, which leaves out the lower-rated records without excluding
                them.
              </p>
            )}
          </>
        ) : (
          <p className="text-muted-foreground text-sm">
            No record is rated yet{mayRate ? ": start a rating above" : ""}.
          </p>
        )}
      </CardContent>
    </Card>
  );
}
