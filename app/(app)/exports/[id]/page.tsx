import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { PageHeader } from "@/components/app-shell/page-header";
import { SourcesTable } from "@/components/provenance/sources-table";
import { Button } from "@/components/ui/button";
import { Card, CardContent } from "@/components/ui/card";
import { can } from "@/lib/auth/permissions";
import { requirePagePermission } from "@/lib/auth/session";
import { getExport } from "@/lib/exports/use-cases/get-export";
import { formatBytes } from "@/lib/utils/bytes";
import { countOf } from "@/lib/utils/plural";
import { EXPORT_FORMAT_LABELS } from "@/lib/validation/export";
import { filterSummary } from "../_components/describe";

export const metadata: Metadata = { title: "Export" };

export default async function ExportPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requirePagePermission("export.read");
  const e = await getExport(user, { exportId: (await params).id, items: 200, withText: true });
  if (!e) notFound();
  const { items } = e;
  return (
    <>
      <PageHeader
        title={`Export #${e.number}`}
        description={`${EXPORT_FORMAT_LABELS[e.format]} · ${countOf(e.recordCount, "seed")} · ${formatBytes(e.byteSize)}`}
        actions={
          <>
            <Button asChild variant="outline">
              <a href={`/api/v1/exports/${e.id}/download`} download={e.fileName}>
                Download
              </a>
            </Button>
            {can(user.roles, "generation.run") ? (
              <Button asChild>
                <Link href={`/generation/new?export=${e.id}`}>Start generation</Link>
              </Button>
            ) : null}
          </>
        }
      />
      <Card>
        <CardContent className="grid gap-3 text-sm">
          <p>
            <span className="text-muted-foreground">File:</span> {e.fileName}
          </p>
          <p>
            <span className="text-muted-foreground">SHA-256:</span>{" "}
            <code className="break-all font-mono text-xs">{e.sha256}</code>
          </p>
          <p>
            <span className="text-muted-foreground">Filter:</span> {filterSummary(e.filter)}
          </p>
          <p>
            <span className="text-muted-foreground">Created:</span> {e.createdAt.toLocaleString()} by{" "}
            {e.creator}
          </p>
          <p className="text-muted-foreground text-xs">
            Check a download with <code>sha256sum {e.fileName}</code>. The file never changes: editing a seed
            later makes a new revision; this export keeps the revisions listed below.
          </p>
        </CardContent>
      </Card>
      <section aria-labelledby="sources-h" className="mt-6 grid gap-2">
        <h2 id="sources-h" className="font-medium">
          Sources and licences
        </h2>
        <SourcesTable summary={e.sources} what="seeds" />
      </section>
      <section aria-labelledby="items-h" className="mt-6 grid gap-2">
        <h2 id="items-h" className="font-medium">
          Seeds in this export{items.length < e.recordCount ? ` (first ${items.length})` : ""}
        </h2>
        <ol className="grid gap-1 text-sm">
          {items.map((it) => (
            <li key={it.position} className="flex gap-2">
              <Link href={`/seeds/${it.seedId}?to=${it.version}`} className="min-w-0 truncate underline">
                {it.instruction}
              </Link>
              <span className="shrink-0 text-muted-foreground">revision {it.version}</span>
            </li>
          ))}
        </ol>
      </section>
    </>
  );
}
