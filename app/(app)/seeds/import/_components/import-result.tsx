import { CheckCircle2 } from "lucide-react";
import Link from "next/link";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import type { ImportReport } from "@/lib/seeds/import/types";

const n = (count: number, one: string, many = `${one}s`) => `${count} ${count === 1 ? one : many}`;

export function ImportResult({ report, onAgain }: { report: ImportReport; onAgain: () => void }) {
  const c = report.counts;
  return (
    <Alert>
      <CheckCircle2 aria-hidden="true" />
      <AlertTitle>
        Imported {n(c.created, "task")} as {report.status === "APPROVED" ? "approved" : "drafts"}
      </AlertTitle>
      <AlertDescription>
        <p>
          {n(c.duplicates, "exact duplicate")} skipped, {n(c.nearDuplicates, "near-duplicate")} flagged
          {c.newTopics || c.newViews
            ? `, ${n(c.newTopics, "new topic")} and ${n(c.newViews, "new view")} ${
                c.newValuesProposed ? "proposed (an admin accepts them before others see them)" : "added"
              }`
            : ""}
          .
        </p>
        <div className="mt-2 flex flex-wrap gap-2">
          <Button asChild>
            <Link href="/seeds">Open the seed list</Link>
          </Button>
          <Button variant="outline" onClick={onAgain}>
            Import another file
          </Button>
        </div>
      </AlertDescription>
    </Alert>
  );
}
