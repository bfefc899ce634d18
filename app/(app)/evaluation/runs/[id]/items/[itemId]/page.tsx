import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/app-shell/page-header";
import { can } from "@/lib/auth/permissions";
import { requirePagePermission } from "@/lib/auth/session";
import type { Side } from "@/lib/evaluation/blind";
import type { Outcome } from "@/lib/evaluation/scoring";
import { type EvalItemView, getEvalItem, type ItemAnswer } from "@/lib/evaluation/use-cases/get-eval-run";
import { orNotFound } from "@/lib/pages/or-not-found";
import { VerdictForm } from "../../../../_components/verdict-form";

export const metadata: Metadata = { title: "Evaluation item" };

export default async function Page({ params }: { params: Promise<{ id: string; itemId: string }> }) {
  const user = await requirePagePermission("evaluation.read");
  const { id, itemId } = await params;
  const view = await orNotFound(getEvalItem(user, { run: id, item: itemId }));
  const { run, item, nextId, answers, mine, judgeHidden, judgeFolded } = view;
  // A clinician who judges blind sees "Answer A" and "Answer B" (their own order), named once they have judged.
  const lettered = answers[0].letter !== null;
  const canJudge = can(user.roles, "evaluation.judge");
  const verdict = (v: string | null | undefined) =>
    v === undefined ? "not judged yet" : v === null ? "unparsed" : v;
  return (
    <>
      <PageHeader
        title={`Item ${item.externalId ?? item.position + 1}`}
        description={`Run #${run.number} · difficulty ${item.difficulty ?? "–"}${item.topic ? ` · ${item.topic}` : ""}${item.taskType ? ` · ${item.taskType}` : ""}`}
        actions={
          <>
            <Link className="text-sm underline" href={`/evaluation/runs/${run.id}`}>
              Back to the run
            </Link>
            {nextId ? (
              <Link className="text-sm underline" href={`/evaluation/runs/${run.id}/items/${nextId}`}>
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
        {answers.map((a) => (
          <section
            key={a.letter ?? a.side}
            className="rounded-lg border p-4"
            aria-label={a.letter ? `Answer ${a.letter}` : `${sideName(a.side)} answer`}
          >
            <h2 className="mb-1 font-semibold">{answerHeading(a, view)}</h2>
            <p className="whitespace-pre-wrap">{a.text ?? "No answer."}</p>
          </section>
        ))}
      </div>
      {canJudge ? (
        <section className="mt-4 grid gap-2">
          <h2 className="font-semibold">Your verdict</h2>
          {answers.some((a) => a.text === null) ? (
            <p className="text-muted-foreground text-sm" role="note">
              Nothing to judge yet: a verdict compares two answers, and this item has only one so far. Come
              back once the run has answered it.
            </p>
          ) : (
            <VerdictForm
              runId={run.id}
              itemId={item.id}
              lettered={lettered}
              current={mine ? (mine.answer ?? mine.outcome) : null}
            />
          )}
          {mine && mine.outcome !== mine.blindOutcome ? (
            <p className="text-muted-foreground text-sm" role="note">
              You changed your verdict after the judge&apos;s was shown. The agreement with the judge keeps
              your first verdict, made before you saw the judge&apos;s:{" "}
              {firstVerdict(mine.blindOutcome, answers)}.
            </p>
          ) : null}
        </section>
      ) : null}
      <section className="mt-4 grid gap-1 text-sm" aria-label="Judge verdicts">
        <h2 className="font-semibold text-base">The judge ({run.judgeModel})</h2>
        {judgeHidden ? (
          <p className="text-muted-foreground">
            Hidden until you record your own verdict above, so that the judge cannot sway it.
          </p>
        ) : judgeFolded ? (
          <details>
            <summary className="cursor-pointer text-muted-foreground">
              Folded away so that you can judge the answers first (the run&apos;s table shows them to you, as
              you run evaluations): show the judge&apos;s verdicts
            </summary>
            <JudgeVerdicts item={item} verdict={verdict} />
          </details>
        ) : (
          <JudgeVerdicts item={item} verdict={verdict} />
        )}
      </section>
    </>
  );
}

function JudgeVerdicts({
  item,
  verdict,
}: {
  item: EvalItemView["item"];
  verdict: (v: string | null | undefined) => string;
}) {
  return (
    <>
      <p>
        Reference shown first: {verdict(item.verdicts.reference_first)}
        {item.raw.reference_first?.length ? ` (said: “${item.raw.reference_first.join("” then “")}”)` : ""}
      </p>
      <p>
        Reference shown last: {verdict(item.verdicts.reference_last)}
        {item.raw.reference_last?.length ? ` (said: “${item.raw.reference_last.join("” then “")}”)` : ""}
      </p>
    </>
  );
}

const sideName = (side: Side | null) => (side === "reference" ? "Reference" : "Candidate");

/** "Candidate: fake-7b" named; "Answer A" blind; "Answer A · Candidate: fake-7b" once judged blind. */
function answerHeading(a: ItemAnswer, view: EvalItemView): string {
  const named = a.side
    ? `${sideName(a.side)}: ${a.side === "candidate" ? view.run.candidateModel : view.run.referenceModel}`
    : null;
  if (!a.letter) return named ?? "";
  return named ? `Answer ${a.letter} · ${named}` : `Answer ${a.letter}`;
}

/** A verdict in the words of the buttons: "A is better (the candidate)", "Reference is better", "Tie". */
function firstVerdict(outcome: Outcome, answers: readonly ItemAnswer[]): string {
  if (outcome === "tie") return "Tie";
  const letter = answers.find((a) => a.side === outcome)?.letter;
  return letter ? `${letter} is better (the ${outcome})` : `${sideName(outcome)} is better`;
}
