import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { PageHeader } from "@/components/app-shell/page-header";
import { int, JobStateBadge, ProgressBar, usd } from "@/components/generation/job-bits";
import { Button } from "@/components/ui/button";
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
import { listGenerationJobs } from "@/lib/generation/use-cases/list-generation-jobs";

export const metadata: Metadata = { title: "Generation" };

export default async function Page({ searchParams }: { searchParams: Promise<{ export?: string }> }) {
  const user = await requirePagePermission("generation.read");
  const from = (await searchParams).export;
  // Older links ("Start generation" on an export) land on the form for that export.
  if (from && can(user.roles, "generation.run"))
    redirect(`/generation/new?export=${encodeURIComponent(from)}`);
  const jobs = await listGenerationJobs(user);
  const mayRun = can(user.roles, "generation.run");
  return (
    <>
      <PageHeader
        title="Generation"
        description="Self-instruct jobs that turn a seed export into a de-duplicated dataset with responses."
        actions={
          <>
            {can(user.roles, "generation.configure") ? (
              <Button asChild variant="outline">
                <Link href="/generation/settings">Prompts, prices and keys</Link>
              </Button>
            ) : null}
            {mayRun ? (
              <Button asChild>
                <Link href="/generation/new">New job</Link>
              </Button>
            ) : null}
          </>
        }
      />
      {jobs.length === 0 ? (
        <EmptyState
          title="No generation jobs yet"
          description="A job starts from a seed export: export the approved seeds on the Exports page, then start a job from it."
          action={
            <Button asChild>
              <Link href={mayRun ? "/generation/new" : "/exports"}>
                {mayRun ? "Start a job" : "Go to Exports"}
              </Link>
            </Button>
          }
        />
      ) : (
        <Table framed>
          <TableCaption placement="hidden">Generation jobs, newest first</TableCaption>
          <TableHeader>
            <TableRow>
              <TableHead>Job</TableHead>
              <TableHead>State</TableHead>
              <TableHead>Seeds</TableHead>
              <TableHead>Models</TableHead>
              <TableHead className="w-48">Progress</TableHead>
              <TableHead numeric>Cost</TableHead>
              <TableHead>Started by</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {jobs.map((j) => (
              <TableRow key={j.id}>
                <TableCell>
                  <Link href={`/generation/${j.id}`} className="font-medium underline">
                    Job #{j.number}
                  </Link>
                  <div className="text-muted-foreground text-xs">
                    {new Date(j.createdAt).toLocaleString()}
                  </div>
                </TableCell>
                <TableCell>
                  <JobStateBadge state={j.state} />
                </TableCell>
                <TableCell>{j.seedSource}</TableCell>
                <TableCell className="text-xs">
                  {j.taskModel}
                  <br />
                  {j.responseModel}
                </TableCell>
                <TableCell>
                  <ProgressBar value={j.progress} label={`Job #${j.number} progress`} />
                  <div className="mt-1 text-muted-foreground text-xs">
                    {int(j.keptCount)} / {int(j.target)} kept · {int(j.responsesDone)} answered
                  </div>
                </TableCell>
                <TableCell numeric>{usd(j.costUsd)}</TableCell>
                <TableCell className="text-xs">{j.creator}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </>
  );
}
