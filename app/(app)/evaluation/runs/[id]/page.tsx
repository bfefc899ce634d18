import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/app-shell/page-header";
import { JobStateBadge, usd } from "@/components/generation/job-bits";
import { Alert, AlertDescription } from "@/components/ui/alert";
import {
  Table,
  TableBody,
  TableCaption,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from "@/components/ui/table";
import { can } from "@/lib/auth/permissions";
import { requirePagePermission } from "@/lib/auth/session";
import { judgesBlind } from "@/lib/evaluation/blind";
import { itemScore, positionDisagrees } from "@/lib/evaluation/scoring";
import { getEvalRun } from "@/lib/evaluation/use-cases/get-eval-run";
import type { JobState } from "@/lib/model/job-states";
import { orNotFound } from "@/lib/pages/or-not-found";
import { type Kappa, kappaCaveat, kappaNotYet } from "@/lib/quality/agreement";
import { pct, WinRateBars } from "../../_components/run-bits";
import { RunLive } from "../../_components/run-live";

export const metadata: Metadata = { title: "Evaluation run" };

const FILTERS = {
  all: "All items",
  candidate: "Candidate won",
  reference: "Reference won",
  disagree: "Orders disagree",
  unparsed: "Unparsed",
} as const;
type Filter = keyof typeof FILTERS;

export default async function Page({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<{ show?: string; difficulty?: string }>;
}) {
  const user = await requirePagePermission("evaluation.read");
  const { id } = await params;
  const q = await searchParams;
  const { run, progress, summary, items, agreement, blindLeft, leaked } = await orNotFound(
    getEvalRun(user, { run: id }),
  );
  const difficulties = [
    ...new Set(items.flatMap((i) => (i.difficulty === null ? [] : [String(i.difficulty)]))),
  ].sort();
  const show: Filter = q.show && q.show in FILTERS ? (q.show as Filter) : "all";
  // A clinician who judges blind sees an item's verdicts once theirs is recorded, and no results files.
  const blind = judgesBlind(user.roles);
  const filtered = items.filter((i) => {
    if (q.difficulty && String(i.difficulty) !== q.difficulty) return false;
    const s = itemScore(i.verdicts);
    if (show === "candidate") return s !== null && s > 0.5;
    if (show === "reference") return s !== null && s < 0.5;
    if (show === "disagree") return positionDisagrees(i.verdicts);
    if (show === "unparsed") return i.verdicts.reference_first === null || i.verdicts.reference_last === null;
    return true;
  });
  const link = (patch: Record<string, string | undefined>) => {
    const p = new URLSearchParams();
    const next = { show: show === "all" ? undefined : show, difficulty: q.difficulty, ...patch };
    for (const [k, v] of Object.entries(next)) if (v) p.set(k, v);
    return `?${p}`;
  };
  const cost = (
    <Stat
      label="Cost"
      value={usd(run.costUsd)}
      sub={`${run.callsMade} calls made, ${run.cacheHits} from the cache${run.estimateUsd != null ? `; estimate ${usd(run.estimateUsd)}` : ""}${run.budgetUsd != null ? `; budget ${usd(run.budgetUsd)}` : ""}`}
    />
  );
  return (
    <>
      <PageHeader
        title={`Evaluation run #${run.number}`}
        description={`${run.candidateModel} vs ${run.referenceModel} on ${run.testSet} v${run.version}, judged by ${run.judgeModel} (prompt v${run.judgePromptVersion}) in both orders.`}
        actions={<JobStateBadge state={run.state as JobState} />}
      />
      <div className="grid gap-6">
        {/* Where the keys come from is for whoever runs evaluations: getEvalRun gives no one else any. */}
        <p className="text-muted-foreground text-sm">
          Judged with{" "}
          <Link className="underline" href={`/evaluation/judge-prompt?version=${run.judgePromptVersion}`}>
            judge prompt version {run.judgePromptVersion}
          </Link>
          .{" "}
          {run.candidateSource === "file"
            ? "Candidate answers from an uploaded outputs file."
            : `Candidate asked of ${run.settings.candidateBaseUrl ?? "(no URL recorded)"}.`}{" "}
          Judge asked of {run.settings.judgeBaseUrl ?? "OpenAI's API"}.
          {run.keys
            ? ` API keys: candidate ${keySource(run.candidateSource === "file" ? "file" : run.keys.candidate)}; judge ${keySource(run.keys.judge)}.`
            : null}
        </p>
        {can(user.roles, "evaluation.run") && run.state !== "RUNNING" && run.state !== "QUEUED" ? (
          <p className="text-sm">
            <Link className="underline" href={`/evaluation/testsets/${run.testSetId}?from=${run.id}#new-run`}>
              Start a new run with these settings
            </Link>{" "}
            <span className="text-muted-foreground">
              (another URL or model, the same comparison: calls already paid for are reused)
            </span>
          </p>
        ) : null}
        <RunLive
          runId={run.id}
          state={run.state}
          done={progress.done}
          total={progress.total}
          mayRun={can(user.roles, "evaluation.run")}
          budgetUsd={run.budgetUsd}
          costUsd={run.costUsd}
          error={run.error}
          notice={run.notice}
          noticeAt={run.noticeAt?.toISOString() ?? null}
        />
        {run.error ? (
          <Alert variant="destructive">
            <AlertDescription>{run.error}</AlertDescription>
          </Alert>
        ) : null}
        {run.phiWarning ? (
          <Alert variant="warning">
            <AlertDescription>{run.phiWarning}</AlertDescription>
          </Alert>
        ) : null}
        {leaked.length ? (
          <Alert variant="warning" data-testid="run-leaked">
            <AlertDescription>
              {leaked.length === 1 ? "One item" : `${leaked.length} items`} of this test set{" "}
              {leaked.length === 1 ? "is" : "are"} flagged by its leakage check (the text nearly repeats a
              seed or a generated record): {leaked.map((l) => l.label).join(", ")}. The win rate counts{" "}
              {leaked.length === 1 ? "it" : "them"}; a model tuned on those records has seen{" "}
              {leaked.length === 1 ? "it" : "them"} before.{" "}
              <Link href={`/evaluation/testsets/${run.testSetId}`} className="underline">
                Leakage check
              </Link>
            </AlertDescription>
          </Alert>
        ) : null}
        {summary ? (
          <>
            {run.state !== "COMPLETED" && summary.n > 0 ? (
              <Alert variant="warning" data-testid="run-partial">
                <AlertDescription>
                  Partial result: {summary.n} of {items.length} items scored, the run{" "}
                  {run.state === "CANCELLED"
                    ? "was cancelled"
                    : run.state === "PAUSED"
                      ? "is paused"
                      : run.state === "FAILED"
                        ? "failed"
                        : "is still running"}
                  . The figures below cover only those items; the run list and the comparison count completed
                  runs only.
                </AlertDescription>
              </Alert>
            ) : null}
            <section className="grid gap-2 sm:grid-cols-4" aria-label="Summary">
              <Stat
                label="Win rate (95% CI)"
                value={pct(summary.winRate)}
                sub={summary.low != null ? `${pct(summary.low)} – ${pct(summary.high)}` : undefined}
              />
              <Stat
                label="Items scored"
                value={String(summary.n)}
                sub={`${summary.ties} ties, ${summary.unparsed} unparsed verdicts`}
              />
              <Stat
                label="Position disagreements"
                value={String(summary.positionDisagreements)}
                sub={
                  summary.positionDisagreementShare != null
                    ? `${pct(summary.positionDisagreementShare)} of items with both orders`
                    : undefined
                }
              />
              {cost}
            </section>
            <section className="grid gap-2">
              <h2 className="font-semibold text-lg">Win rate by difficulty</h2>
              <WinRateBars
                label="Win rate by difficulty"
                groups={Object.entries(summary.byDifficulty).map(([k, v]) => [`Difficulty ${k}`, v])}
              />
            </section>
            {Object.keys(summary.byTaskType).length ? (
              <section className="grid gap-2">
                <h2 className="font-semibold text-lg">By task type</h2>
                <WinRateBars label="Win rate by task type" groups={Object.entries(summary.byTaskType)} />
              </section>
            ) : null}
            {Object.keys(summary.byTopic).length ? (
              <section className="grid gap-2">
                <h2 className="font-semibold text-lg">By topic</h2>
                <WinRateBars label="Win rate by topic" groups={Object.entries(summary.byTopic)} />
              </section>
            ) : null}
          </>
        ) : (
          <section className="grid gap-2 sm:grid-cols-4" aria-label="Summary">
            <div className="rounded-lg border p-3 sm:col-span-3" role="note">
              <div className="font-semibold">Win rates are hidden until you have judged every item</div>
              <p className="text-muted-foreground text-sm">
                {blindLeft} {blindLeft === 1 ? "item is" : "items are"} left for you. Seeing the judge&apos;s
                results first could sway your own verdicts (a win rate of 100% gives every one of them away):
                open an item below, read both answers and record your verdict.
              </p>
            </div>
            {cost}
          </section>
        )}
        <section className="grid gap-2" aria-label="Agreement with clinicians">
          <h2 className="font-semibold text-lg">
            {blind ? "You and the judge" : "Clinicians and the judge"}
          </h2>
          {agreement ? (
            <>
              <p role="status">{kappaText(agreement.kappa, blind ? "you" : "a clinician")}</p>
              <Table framed className="max-w-md">
                <TableCaption>
                  Rows: clinician; columns: LLM judge (item winner over both orders)
                </TableCaption>
                <TableHeader>
                  <TableRow>
                    <TableHead />
                    {agreement.table.categories.map((c) => (
                      <TableHead key={c}>{c}</TableHead>
                    ))}
                  </TableRow>
                </TableHeader>
                <TableBody>
                  {agreement.table.counts.map((row, i) => (
                    <TableRow key={agreement.table.categories[i]}>
                      <TableHead scope="row">{agreement.table.categories[i]}</TableHead>
                      {row.map((n, j) => (
                        <TableCell key={agreement.table.categories[j]} numeric>
                          {n}
                        </TableCell>
                      ))}
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            </>
          ) : (
            <p className="text-muted-foreground text-sm">
              {blind ? "You have not" : "No clinician has"} judged an item of this run yet: open an item below
              and record your own verdict to see how far the LLM judge agrees with{" "}
              {blind ? "you" : "clinicians"}.
            </p>
          )}
        </section>
        <section className="grid gap-2">
          <div className="flex flex-wrap items-center justify-between gap-2">
            <h2 className="font-semibold text-lg">Items</h2>
            <div className="flex gap-3 text-sm">
              {blind ? null : (
                <>
                  <a className="underline" href={`/api/v1/evaluation/runs/${run.id}/download?format=json`}>
                    Results JSON
                  </a>
                  <a className="underline" href={`/api/v1/evaluation/runs/${run.id}/download?format=csv`}>
                    Per-item CSV
                  </a>
                  <a
                    className="underline"
                    href={`/api/v1/evaluation/runs/${run.id}/download?format=annotations`}
                  >
                    alpaca_eval annotations
                  </a>
                </>
              )}
              <Link className="underline" href={`/evaluation/compare?testset=${run.testSetId}`}>
                Compare runs
              </Link>
            </div>
          </div>
          <nav aria-label="Filter items" className="flex flex-wrap gap-3 text-sm">
            {(Object.keys(FILTERS) as Filter[]).map((f) => (
              <Link
                key={f}
                href={link({ show: f === "all" ? undefined : f })}
                aria-current={f === show ? "page" : undefined}
                className={f === show ? "font-semibold" : "underline"}
              >
                {FILTERS[f]}
              </Link>
            ))}
            {difficulties.map((d) => (
              <Link
                key={d}
                href={link({ difficulty: q.difficulty === d ? undefined : d })}
                aria-current={q.difficulty === d ? "page" : undefined}
                className={q.difficulty === d ? "font-semibold" : "underline"}
              >
                Difficulty {d}
              </Link>
            ))}
          </nav>
          {filtered.length === 0 ? (
            <p className="text-muted-foreground text-sm">
              {blind && show !== "all"
                ? "No item you have judged matches this filter: an item's verdicts count here once you have recorded yours (open an item from All items)."
                : "No item of this run matches this filter."}
            </p>
          ) : (
            <Table framed>
              <TableCaption placement="hidden">
                Items of the run, with the judge's verdict in each order
              </TableCaption>
              <TableHeader>
                <TableRow>
                  <TableHead>Id</TableHead>
                  <TableHead>Instruction</TableHead>
                  <TableHead numeric>Difficulty</TableHead>
                  <TableHead>Reference first</TableHead>
                  <TableHead>Reference last</TableHead>
                  <TableHead numeric>Score</TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {filtered.map((i) => (
                  <TableRow key={i.id}>
                    <TableCell>
                      <Link className="underline" href={`/evaluation/runs/${run.id}/items/${i.id}`}>
                        {i.externalId ?? i.position + 1}
                      </Link>
                    </TableCell>
                    <TableCell className="max-w-xl truncate">{i.instruction}</TableCell>
                    <TableCell numeric>{i.difficulty ?? "–"}</TableCell>
                    {i.blind ? (
                      <TableCell colSpan={3} className="text-muted-foreground">
                        hidden until you record your verdict
                      </TableCell>
                    ) : (
                      <>
                        <TableCell>{verdictText(i.verdicts.reference_first)}</TableCell>
                        <TableCell>{verdictText(i.verdicts.reference_last)}</TableCell>
                        <TableCell numeric>{itemScore(i.verdicts) ?? "–"}</TableCell>
                      </>
                    )}
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          )}
        </section>
      </div>
    </>
  );
}

const verdictText = (v: string | null | undefined) =>
  v === undefined ? "not yet" : v === null ? "unparsed" : v;

function Stat({ label, value, sub }: { label: string; value: string; sub?: string }) {
  return (
    <div className="rounded-lg border p-3">
      <div className="text-muted-foreground text-xs">{label}</div>
      <div className="font-semibold text-lg tabular-nums">{value}</div>
      {sub ? <div className="text-muted-foreground text-xs">{sub}</div> : null}
    </div>
  );
}

/**
 * The kappa line in plain words: a kappa over one item is no measure (0 or undefined, whatever the verdicts),
 * nor is one where both gave every item one and the same verdict (chance agreement is then complete).
 */
function kappaText(kappa: Kappa, who: "you" | "a clinician"): string {
  const items = `${kappa.n} ${kappa.n === 1 ? "item" : "items"}`;
  const notYet = kappaNotYet(kappa, {
    units: "items",
    by: `judged by ${who} and the judge`,
    both: `${who === "you" ? "you" : "clinicians"} and the judge`,
    rating: "verdict",
    ratings: "verdicts",
  });
  if (notYet !== null) return notYet;
  if (kappa.kappa === null) return ""; // not reached: kappaNotYet speaks for every null kappa
  const caveat = kappaCaveat(kappa.n);
  // While the pairs are too few the large-sample interval means nothing (the caveat says so instead).
  const interval =
    kappa.low != null && kappa.high != null && caveat === null
      ? ` (95% CI ${kappa.low.toFixed(2)} to ${kappa.high.toFixed(2)})`
      : "";
  return `Cohen's kappa ${kappa.kappa.toFixed(2)}${interval} over ${items} judged by ${who}.${caveat ? ` ${caveat}` : ""}`;
}

/** Where an endpoint's key came from, by its last characters only. */
function keySource(hint: string | null): string {
  if (hint === "file") return "none (answers from an uploaded file)";
  return hint
    ? `kept with the run (${hint})`
    : "not kept with the run (from the worker's environment, or given to the command that drives it)";
}
