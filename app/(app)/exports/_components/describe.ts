import type { ExportFilter } from "@/lib/validation/export";

export function filterSummary(f: ExportFilter): string {
  const parts = [
    f.type && `type ${f.type}`,
    f.topic && `topic ${f.topic}`,
    f.view && `view ${f.view}`,
    f.difficulty?.length ? `difficulty ${f.difficulty.join(", ")}` : null,
  ].filter(Boolean);
  return parts.length ? `Approved; ${parts.join("; ")}` : "All approved";
}
