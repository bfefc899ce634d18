import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/app-shell/page-header";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { can } from "@/lib/auth/permissions";
import { requirePagePermission } from "@/lib/auth/session";
import { listExports } from "@/lib/exports/use-cases/list-exports";
import { previewExport } from "@/lib/exports/use-cases/preview-export";
import { seedFilterOptions } from "@/lib/seeds/list";
import { countApprovedSeeds } from "@/lib/seeds/queries";
import { formatBytes } from "@/lib/utils/bytes";
import { EXPORT_FORMAT_LABELS, exportFilterSchema } from "@/lib/validation/export";
import { exportChoicesFrom, filtersAny } from "./_components/choices";
import { CreateExportForm } from "./_components/create-export-form";
import { filterSummary } from "./_components/describe";

export const metadata: Metadata = { title: "Exports" };

export default async function ExportsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const user = await requirePagePermission("export.read");
  const canCreate = can(user.roles, "export.create");
  // Whoever may export sees what an export of every approved seed would meet (the form's starting preview) and,
  // with choices kept in the URL (a reload, a shared link), what an export of them would: each read as soon as
  // it can be, side by side.
  const initialRead = canCreate
    ? previewExport(user, exportFilterSchema.parse({}))
    : countApprovedSeeds().then((seeds) => ({ seeds, unscreened: 0, withPhi: 0 }));
  initialRead.catch(() => {}); // awaited below
  const [exports, options, params] = await Promise.all([
    listExports(user),
    seedFilterOptions(user.id),
    searchParams,
  ]);
  const chosen = exportChoicesFrom(params, options);
  const [initial, chosenPreview] = await Promise.all([
    initialRead,
    canCreate && filtersAny(chosen)
      ? previewExport(
          user,
          exportFilterSchema.parse({
            topic: chosen.topic,
            view: chosen.view,
            type: chosen.type,
            difficulty: chosen.difficulty,
          }),
        )
      : null,
  ]);
  const approved = initial.seeds;
  return (
    <>
      <PageHeader
        title="Exports"
        description="Immutable, versioned snapshots of approved seeds, in the formats generation pipelines read. Each downloads byte-for-byte the same, forever."
      />
      <div className="grid gap-6">
        {canCreate ? (
          <CreateExportForm
            options={options}
            initial={initial}
            chosen={chosen}
            chosenPreview={chosenPreview ?? initial}
            canAcceptPhi={can(user.roles, "phi.accept")}
          />
        ) : null}
        {exports.length === 0 ? (
          <EmptyState
            title="No exports yet"
            description={
              approved
                ? "Pick a format above and create the first snapshot."
                : "Exports hold approved seeds: review and approve some seed tasks first."
            }
            action={
              approved ? null : can(user.roles, "seed.review") ? (
                <Link href="/review">Go to the review queue</Link>
              ) : (
                <Link href="/seeds?status=SUBMITTED">See the tasks waiting for review</Link>
              )
            }
          />
        ) : (
          <div className="rounded-lg border bg-background">
            <Table>
              <TableHeader>
                <TableRow>
                  <TableHead>Export</TableHead>
                  <TableHead>Format</TableHead>
                  <TableHead>Filter</TableHead>
                  <TableHead className="text-right">Records</TableHead>
                  <TableHead>SHA-256</TableHead>
                  <TableHead>Created</TableHead>
                  <TableHead>
                    <span className="sr-only">Download</span>
                  </TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {exports.map((e) => (
                  <TableRow key={e.id}>
                    <TableCell>
                      <Link href={`/exports/${e.id}`} className="font-medium underline">
                        #{e.number}
                      </Link>
                    </TableCell>
                    <TableCell className="text-xs">{EXPORT_FORMAT_LABELS[e.format]}</TableCell>
                    <TableCell className="text-xs">{filterSummary(e.filter)}</TableCell>
                    <TableCell className="text-right tabular-nums">
                      {e.recordCount.toLocaleString("en-US")}
                    </TableCell>
                    <TableCell className="font-mono text-xs" title={e.sha256}>
                      {e.sha256.slice(0, 12)}…
                    </TableCell>
                    <TableCell className="text-xs">
                      {e.createdAt.toLocaleString()} · {e.creator}
                    </TableCell>
                    <TableCell>
                      <a
                        href={`/api/v1/exports/${e.id}/download`}
                        download={e.fileName}
                        className="text-primary text-sm underline"
                      >
                        Download ({formatBytes(e.byteSize)})
                      </a>
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </div>
        )}
      </div>
    </>
  );
}
