import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { PageHeader } from "@/components/app-shell/page-header";
import { can } from "@/lib/auth/permissions";
import { requirePagePermission } from "@/lib/auth/session";
import { getEvalRun } from "@/lib/evaluation/use-cases/get-eval-run";
import { VerdictForm } from "../../../../_components/verdict-form";

export const metadata: Metadata = { title: "Evaluation item" };

export default async function Page({ params }: { params: Promise<{ id: string; itemId: string }> }) {
  const user = await requirePagePermission("evaluation.read");
  const { id, itemId } = await params;
  const view = await getEvalRun(user, { run: id });
  const index = view.items.findIndex((i) => i.id === itemId);
  const item = view.items[index];
  if (!item) notFound();
  const next = view.items[index + 1];
  const verdictOf = view.humanVerdicts.find((h) => h.itemId === itemId && h.userId === user.id) ?? null;
  const mine = verdictOf?.outcome ?? null;
  // A clinician judges blind: the judge's verdicts stay hidden (and are not sent) until their own is recorded.
  const canJudge = can(user.roles, "evaluation.judge");
  const blind = canJudge && mine === null;
  const verdict = (v: string | null | undefined) =>
    v === undefined ? "not judged yet" : v === null ? "unparsed" : v;
  return (
    <>
      <PageHeader
        title={`Item ${item.externalId ?? item.position + 1}`}
        description={`Run #${view.run.number} · difficulty ${item.difficulty ?? "–"}${item.topic ? ` · ${item.topic}` : ""}${item.taskType ? ` · ${item.taskType}` : ""}`}
        actions={
          <>
            <Link className="text-sm underline" href={`/evaluation/runs/${view.run.id}`}>
              Back to the run
            </Link>
            {next ? (
              <Link className="text-sm underline" href={`/evaluation/runs/${view.run.id}/items/${next.id}`}>
                Next item
              </Link>
            ) : null}
          </>
        }
      />
      <section className="mb-4 rounded-lg border p-4">
        <h2 className="mb-1 font-semibold">Instruction</h2>
        <p className="whitespace-pre-wrap">{item.instruction}</p>
        {item.input ? <p className="mt-2 whitespace-pre-wrap text-muted-foreground">{item.input}</p> : null}
      </section>
      <div className="grid gap-4 md:grid-cols-2">
        <section className="rounded-lg border p-4" aria-label="Candidate answer">
          <h2 className="mb-1 font-semibold">Candidate: {view.run.candidateModel}</h2>
          <p className="whitespace-pre-wrap">{item.candidate ?? "No answer."}</p>
        </section>
        <section className="rounded-lg border p-4" aria-label="Reference answer">
          <h2 className="mb-1 font-semibold">Reference: {view.run.referenceModel}</h2>
          <p className="whitespace-pre-wrap">{item.reference ?? "No answer."}</p>
        </section>
      </div>
      {canJudge ? (
        <section className="mt-4 grid gap-2">
          <h2 className="font-semibold">Your verdict</h2>
          <VerdictForm runId={view.run.id} itemId={item.id} current={mine} />
          {verdictOf && verdictOf.outcome !== verdictOf.blindOutcome ? (
            <p className="text-muted-foreground text-sm" role="note">
              You changed your verdict after the judge&apos;s was shown. The agreement with the judge keeps
              your first verdict ({verdictOf.blindOutcome}), made before you saw the judge&apos;s.
            </p>
          ) : null}
        </section>
      ) : null}
      <section className="mt-4 grid gap-1 text-sm" aria-label="Judge verdicts">
        <h2 className="font-semibold text-base">The judge ({view.run.judgeModel})</h2>
        {blind ? (
          <p className="text-muted-foreground">
            Hidden until you record your own verdict above, so that the judge cannot sway it.
          </p>
        ) : (
          <>
            <p>
              Reference shown first: {verdict(item.verdicts.reference_first)}
              {item.raw.reference_first?.length
                ? ` (said: “${item.raw.reference_first.join("” then “")}”)`
                : ""}
            </p>
            <p>
              Reference shown last: {verdict(item.verdicts.reference_last)}
              {item.raw.reference_last?.length
                ? ` (said: “${item.raw.reference_last.join("” then “")}”)`
                : ""}
            </p>
          </>
        )}
      </section>
    </>
  );
}
