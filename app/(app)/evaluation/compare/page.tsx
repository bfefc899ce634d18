import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/app-shell/page-header";
import { EmptyState } from "@/components/ui/empty-state";
import {
  Table,
  TableBody,
  TableCaption,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from "@/components/ui/table";
import { requirePagePermission } from "@/lib/auth/session";
import { getEvalRun, listEvalRuns } from "@/lib/evaluation/use-cases/get-eval-run";
import { pct } from "../_components/run-bits";

export const metadata: Metadata = { title: "Compare runs" };

/** A leaderboard: the finished runs on one test set side by side, with each run's settings. */
export default async function Page({ searchParams }: { searchParams: Promise<{ testset?: string }> }) {
  const user = await requirePagePermission("evaluation.read");
  const { testset } = await searchParams;
  const runs = (await listEvalRuns(user, testset ? { testSetId: testset } : {})).filter(
    (r) => r.state === "COMPLETED",
  );
  const views = await Promise.all(runs.slice(0, 12).map((r) => getEvalRun(user, { run: r.id })));
  views.sort((a, b) => (b.summary?.winRate ?? -1) - (a.summary?.winRate ?? -1));
  const difficulties = [...new Set(views.flatMap((v) => Object.keys(v.summary?.byDifficulty ?? {})))].sort();
  // Win rates compare only against the same reference answers on the same items: one ranking per test set
  // version and reference, never one list mixing them.
  const groups: { key: string; title: string; views: typeof views }[] = [];
  for (const v of views) {
    const key = `${v.run.versionId}|${v.run.referenceModel}`;
    let group = groups.find((g) => g.key === key);
    if (!group) {
      group = {
        key,
        title: `${v.run.testSet} v${v.run.version}, against the ${v.run.referenceModel} reference answers`,
        views: [],
      };
      groups.push(group);
    }
    group.views.push(v);
  }
  const blind = views.some((v) => !v.summary);
  return (
    <>
      <PageHeader
        title="Compare runs"
        description={
          blind
            ? "Completed runs, one table per test set version and reference answers, newest first. You judge blind: a run shows its win rates once you have judged all its items."
            : "Completed runs, one table per test set version and reference answers (win rates against different references or items do not compare), best win rate first."
        }
      />
      {views.length === 0 ? (
        <EmptyState
          title="No completed runs to compare"
          description="Start runs on a frozen test set; once they complete they line up here."
          action={
            <Link className="underline" href="/evaluation">
              Back to Evaluation
            </Link>
          }
        />
      ) : (
        <div className="grid gap-8">
          {groups.map((group) => (
            <section key={group.key} className="grid gap-2" aria-label={group.title}>
              <h2 className="font-semibold text-lg">{group.title}</h2>
              <RunsTable views={group.views} difficulties={difficulties} />
            </section>
          ))}
        </div>
      )}
    </>
  );
}

function RunsTable({
  views,
  difficulties,
}: {
  views: Awaited<ReturnType<typeof getEvalRun>>[];
  difficulties: string[];
}) {
  return (
    <Table framed>
      <TableCaption placement="hidden">Runs side by side</TableCaption>
      <TableHeader>
        <TableRow>
          <TableHead>Run</TableHead>
          <TableHead>Candidate</TableHead>
          <TableHead>Reference</TableHead>
          <TableHead>Judge</TableHead>
          <TableHead>Settings</TableHead>
          <TableHead numeric>Win rate (95% CI)</TableHead>
          {difficulties.map((d) => (
            <TableHead key={d} numeric>
              Difficulty {d}
            </TableHead>
          ))}
          <TableHead numeric>Position disagreements</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {views.map((v) => (
          <TableRow key={v.run.id}>
            <TableCell>
              <Link className="underline" href={`/evaluation/runs/${v.run.id}`}>
                #{v.run.number}
              </Link>{" "}
              ({v.run.testSet} v{v.run.version})
            </TableCell>
            <TableCell>
              {v.run.candidateModel} ({v.run.candidateSource})
            </TableCell>
            <TableCell>{v.run.referenceModel}</TableCell>
            <TableCell>
              {v.run.judgeModel} (prompt v{v.run.judgePromptVersion})
            </TableCell>
            <TableCell className="text-xs">
              temperature {v.run.settings.decoding?.temperature}, top_p {v.run.settings.decoding?.topP}, max
              tokens {v.run.settings.decoding?.maxTokens}
            </TableCell>
            {v.summary ? (
              <>
                <TableCell numeric>
                  {pct(v.summary.winRate)}
                  {v.summary.low != null ? ` (${pct(v.summary.low)}–${pct(v.summary.high)})` : ""}
                </TableCell>
                {difficulties.map((d) => (
                  <TableCell key={d} numeric>
                    {pct(v.summary?.byDifficulty[d]?.winRate)}
                  </TableCell>
                ))}
                <TableCell numeric>{pct(v.summary.positionDisagreementShare)}</TableCell>
              </>
            ) : (
              <TableCell colSpan={difficulties.length + 2} className="text-muted-foreground">
                hidden until you have judged every item ({v.blindLeft} left)
              </TableCell>
            )}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
