import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { PageHeader } from "@/components/app-shell/page-header";
import { int, JobStateBadge, ProgressBar, usd } from "@/components/generation/job-bits";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { can } from "@/lib/auth/permissions";
import { requirePagePermission } from "@/lib/auth/session";
import { listJobs } from "@/lib/generation/progress";

export const metadata: Metadata = { title: "Generation" };

export default async function Page({ searchParams }: { searchParams: Promise<{ export?: string }> }) {
  const user = await requirePagePermission("generation.read");
  const from = (await searchParams).export;
  // Older links ("Start generation" on an export) land on the form for that export.
  if (from && can(user.roles, "generation.run"))
    redirect(`/generation/new?export=${encodeURIComponent(from)}`);
  const jobs = await listJobs();
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
        <div className="overflow-x-auto rounded-lg border">
          <table className="w-full text-sm">
            <thead className="bg-muted/50 text-left">
              <tr>
                <th className="p-2">Job</th>
                <th className="p-2">State</th>
                <th className="p-2">Seeds</th>
                <th className="p-2">Models</th>
                <th className="w-48 p-2">Progress</th>
                <th className="p-2 text-right">Cost</th>
                <th className="p-2">Started by</th>
              </tr>
            </thead>
            <tbody>
              {jobs.map((j) => (
                <tr key={j.id} className="border-t">
                  <td className="p-2">
                    <Link href={`/generation/${j.id}`} className="font-medium underline">
                      Job #{j.number}
                    </Link>
                    <div className="text-muted-foreground text-xs">
                      {new Date(j.createdAt).toLocaleString()}
                    </div>
                  </td>
                  <td className="p-2">
                    <JobStateBadge state={j.state} />
                  </td>
                  <td className="p-2">{j.seedSource}</td>
                  <td className="p-2 text-xs">
                    {j.taskModel}
                    <br />
                    {j.responseModel}
                  </td>
                  <td className="p-2">
                    <ProgressBar value={j.progress} label={`Job #${j.number} progress`} />
                    <div className="mt-1 text-muted-foreground text-xs">
                      {int(j.keptCount)} / {int(j.target)} kept · {int(j.responsesDone)} answered
                    </div>
                  </td>
                  <td className="p-2 text-right tabular-nums">{usd(j.costUsd)}</td>
                  <td className="p-2 text-xs">{j.creator}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
