import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { PageHeader } from "@/components/app-shell/page-header";
import { EmptyState } from "@/components/ui/empty-state";
import { requirePagePermission } from "@/lib/auth/session";
import { latestSpotCheck, spotCheckItems, spotCheckSummary } from "@/lib/dataset/spot-checks";
import { getDoubleGrading, getRatingAgreement } from "@/lib/dataset/use-cases/double-grading";
import { AgreementPanel } from "./_components/agreement-panel";
import { Grader } from "./_components/grader";

export const metadata: Metadata = { title: "Spot check" };

export default async function Page({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<{ check?: string | string[]; i?: string | string[] }>;
}) {
  const user = await requirePagePermission("dataset.spotcheck");
  const jobId = (await params).id;
  const sp = await searchParams;
  const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
  const checkId = first(sp.check);
  const summary = checkId ? await spotCheckSummary(checkId) : await latestSpotCheck(jobId);
  if (summary && summary.jobId !== jobId) notFound();
  if (!summary)
    return (
      <>
        <PageHeader title="Spot check" />
        <EmptyState
          title="No sample drawn yet"
          description="Draw a sample on the job's dataset page first; its size follows from the margin of error you need."
          action={<Link href={`/datasets/jobs/${jobId}`}>Go to the job's dataset</Link>}
        />
      </>
    );
  const [items, grading, rating] = await Promise.all([
    spotCheckItems(summary.id, user.id),
    getDoubleGrading(user, { spotCheckId: summary.id }),
    getRatingAgreement(user, { spotCheckId: summary.id }),
  ]);
  const firstOpen = items.findIndex((it) => !it.grade);
  const asked = Number(first(sp.i));
  const start =
    Number.isInteger(asked) && asked >= 0 && asked < items.length ? asked : Math.max(0, firstOpen);
  return (
    <>
      <PageHeader
        title={`Spot check #${summary.number}`}
        description={`A random sample of ${summary.sampleSize} of the job's ${summary.population.toLocaleString("en-US")} records. Grade each as acceptable, wrong, unsafe or off-task.`}
        actions={
          <Link href={`/datasets/jobs/${jobId}`} className="text-sm">
            ← Back to the job's dataset
          </Link>
        }
      />
      <Grader spotCheckId={summary.id} items={items} summary={summary} start={start} />
      <AgreementPanel spotCheckId={summary.id} viewerId={user.id} grading={grading} rating={rating} />
    </>
  );
}
