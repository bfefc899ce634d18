import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/app-shell/page-header";
import { Badge } from "@/components/ui/badge";
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
import { can } from "@/lib/auth/permissions";
import { requirePagePermission } from "@/lib/auth/session";
import { listEvalRuns } from "@/lib/evaluation/use-cases/get-eval-run";
import { listTestsets } from "@/lib/evaluation/use-cases/testsets";
import { ImportTestsetForm } from "./_components/import-testset-form";
import { RunsTable } from "./_components/run-bits";
import { NewTestsetForm } from "./_components/testset-authoring";

export const metadata: Metadata = { title: "Evaluation" };

export default async function Page() {
  const user = await requirePagePermission("evaluation.read");
  const [sets, runs] = await Promise.all([listTestsets(user), listEvalRuns(user)]);
  const mayWrite = can(user.roles, "testset.write");
  return (
    <>
      <PageHeader
        title="Evaluation"
        description="Clinician test sets, and runs that judge a model's answers against reference answers, pairwise, in both orders."
        actions={
          <Link className="text-sm underline" href="/evaluation/judge-prompt">
            Judge prompt
          </Link>
        }
      />
      <section className="grid gap-4">
        <h2 className="font-semibold text-lg">Test sets</h2>
        {mayWrite ? <ImportTestsetForm /> : null}
        {mayWrite ? <NewTestsetForm /> : null}
        {sets.length === 0 ? (
          <EmptyState
            title="No test sets yet"
            description={
              mayWrite
                ? "Import MedInstruct-test (JSONL with id, instruction, difficulty and reference answers such as gpt-4-answer), an alpaca_eval file, or Alpaca/MedSeed rows with the form above, or create an empty test set and write its items in MedSeed."
                : "An author or reviewer imports a test set here; then an engineer can run evaluations on it."
            }
          />
        ) : (
          <Table framed>
            <TableCaption placement="hidden">Test sets</TableCaption>
            <TableHeader>
              <TableRow>
                <TableHead>Name</TableHead>
                <TableHead>Latest version</TableHead>
                <TableHead numeric>Items</TableHead>
                <TableHead numeric>Runs</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {sets.map((s) => (
                <TableRow key={s.id}>
                  <TableCell>
                    <Link className="underline" href={`/evaluation/testsets/${s.id}`}>
                      {s.name}
                    </Link>
                  </TableCell>
                  <TableCell>
                    {s.latest ? `v${s.latest.number} ` : "no version yet "}
                    {!s.latest ? null : s.latest.frozen ? (
                      <Badge variant="secondary">frozen</Badge>
                    ) : (
                      <Badge variant="outline">draft</Badge>
                    )}
                  </TableCell>
                  <TableCell numeric>{s.latest?.items ?? 0}</TableCell>
                  <TableCell numeric>
                    {s.runs ? (
                      <Link className="underline" href={`/evaluation/compare?testset=${s.id}`}>
                        {s.runs}
                      </Link>
                    ) : (
                      0
                    )}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </section>
      <section className="mt-8 grid gap-4">
        <h2 className="font-semibold text-lg">Runs</h2>
        {runs.length === 0 ? (
          <EmptyState
            title="No evaluation runs yet"
            description={
              can(user.roles, "evaluation.run")
                ? "Open a frozen test set and start a run: name the candidate model and its OpenAI-compatible URL (vLLM, Ollama), the reference answers and the judge."
                : "Engineers and admins start runs; their results appear here."
            }
          />
        ) : (
          <RunsTable runs={runs} caption="Evaluation runs, newest first" />
        )}
      </section>
    </>
  );
}
