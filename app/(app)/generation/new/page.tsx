import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/app-shell/page-header";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { requirePagePermission } from "@/lib/auth/session";
import { getExport } from "@/lib/exports/use-cases/get-export";
import { listExports } from "@/lib/exports/use-cases/list-exports";
import { listCredentials } from "@/lib/generation/credentials";
import { generationJobFormValues } from "@/lib/generation/use-cases/get-generation-job";
import { NewJobForm } from "../_components/new-job-form";

export const metadata: Metadata = { title: "New generation job" };

export default async function Page({
  searchParams,
}: {
  searchParams: Promise<{ export?: string; from?: string }>;
}) {
  const user = await requirePagePermission("generation.run");
  const params = await searchParams;
  // "New job with these settings" on a job's page: its settings and its export, to change what needs changing.
  const from =
    typeof params.from === "string" ? await generationJobFormValues(user, { jobId: params.from }) : null;
  const [latest, credentials] = await Promise.all([listExports(user, { limit: 50 }), listCredentials()]);
  const selected = params.export ?? from?.exportId ?? undefined;
  // "Start generation" on an export older than the 50 newest must still preselect that export, not another.
  const older =
    selected && !latest.some((e) => e.id === selected) ? await getExport(user, { exportId: selected }) : null;
  const exports = older ? [...latest, older] : latest;
  return (
    <>
      <PageHeader
        title="New generation job"
        description={
          from
            ? `The settings of job #${from.number}: change what needs changing and start a new job (job #${from.number} stays as it is).`
            : "GPT-4-style task generation from 3 random seeds at a time, ROUGE-L de-duplication, then one response per kept task."
        }
      />
      {exports.length === 0 ? (
        <EmptyState
          title="No seed export yet"
          description="A job generates from a recorded export of approved seeds. Create one on the Exports page first."
          action={
            <Button asChild>
              <Link href="/exports">Go to Exports</Link>
            </Button>
          }
        />
      ) : (
        <NewJobForm
          exports={exports.map((e) => ({
            id: e.id,
            label: `Export #${e.number} · ${e.recordCount} seeds · ${e.format} · ${e.createdAt.toLocaleDateString()}`,
          }))}
          selected={exports.some((e) => e.id === selected) ? selected : exports[0]?.id}
          credentials={credentials.map((c) => ({ id: c.id, label: `${c.name} (${c.kind}, ${c.keyHint})` }))}
          initial={from?.settings}
        />
      )}
    </>
  );
}
