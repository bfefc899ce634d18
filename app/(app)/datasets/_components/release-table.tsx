import Link from "next/link";
import { ReleaseStateBadge } from "@/components/dataset/state-badges";
import { LocalTime } from "@/components/ui/local-time";
import {
  Table,
  TableBody,
  TableCaption,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from "@/components/ui/table";
import type { ReleaseSummary } from "@/lib/dataset/releases/store";

export function ReleaseTable({ releases }: { releases: ReleaseSummary[] }) {
  return (
    <Table framed>
      <TableCaption placement="hidden">Published datasets, newest first</TableCaption>
      <TableHeader>
        <TableRow>
          <TableHead>Dataset</TableHead>
          <TableHead>State</TableHead>
          <TableHead numeric>Records</TableHead>
          <TableHead>From</TableHead>
          <TableHead>Published</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {releases.map((r) => (
          <TableRow key={r.id}>
            <TableCell>
              <Link
                href={`/datasets/releases/${r.id}`}
                className="font-medium underline-offset-2 hover:underline"
              >
                #{r.number} {r.name}
              </Link>
            </TableCell>
            <TableCell>
              <ReleaseStateBadge state={r.state} />
            </TableCell>
            <TableCell numeric>{r.state === "READY" ? r.recordCount.toLocaleString("en-US") : "–"}</TableCell>
            <TableCell className="text-xs">{r.jobs.map((j) => `job #${j.number}`).join(", ")}</TableCell>
            <TableCell className="text-xs">
              <LocalTime iso={r.createdAt.toISOString()} /> by {r.creator}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
