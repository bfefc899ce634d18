import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { LocalTime } from "@/components/ui/local-time";
import type { ReleaseSummary } from "@/lib/dataset/releases/store";

const STATE = { PENDING: "secondary", READY: "success", FAILED: "destructive" } as const;
const STATE_LABEL = { PENDING: "building", READY: "ready", FAILED: "failed" } as const;

export function ReleaseTable({ releases }: { releases: ReleaseSummary[] }) {
  return (
    <div className="overflow-x-auto rounded-lg border">
      <table className="w-full text-sm">
        <thead className="bg-muted/50 text-left">
          <tr>
            <th className="p-2">Dataset</th>
            <th className="p-2">State</th>
            <th className="p-2 text-right">Records</th>
            <th className="p-2">From</th>
            <th className="p-2">Published</th>
          </tr>
        </thead>
        <tbody>
          {releases.map((r) => (
            <tr key={r.id} className="border-t">
              <td className="p-2">
                <Link
                  href={`/datasets/releases/${r.id}`}
                  className="font-medium underline-offset-2 hover:underline"
                >
                  #{r.number} {r.name}
                </Link>
              </td>
              <td className="p-2">
                <Badge variant={STATE[r.state]}>{STATE_LABEL[r.state]}</Badge>
              </td>
              <td className="p-2 text-right tabular-nums">
                {r.state === "READY" ? r.recordCount.toLocaleString("en-US") : "–"}
              </td>
              <td className="p-2 text-xs">{r.jobs.map((j) => `job #${j.number}`).join(", ")}</td>
              <td className="p-2 text-xs">
                <LocalTime iso={r.createdAt.toISOString()} /> by {r.creator}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
