import { CheckCircle2 } from "lucide-react";
import Link from "next/link";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import type { ImportReport } from "@/lib/seeds/import/types";
import { countOf } from "@/lib/utils/plural";

export function ImportResult({ report, onAgain }: { report: ImportReport; onAgain: () => void }) {
  const c = report.counts;
  return (
    <Alert>
      <CheckCircle2 aria-hidden="true" />
      <AlertTitle>
        Imported {countOf(c.created, "task")} as {report.status === "APPROVED" ? "approved" : "drafts"}
      </AlertTitle>
      <AlertDescription>
        <p>
          {countOf(c.duplicates, "exact duplicate")} skipped, {countOf(c.nearDuplicates, "near-duplicate")}{" "}
          flagged
          {c.newTopics || c.newViews
            ? `, ${countOf(c.newTopics, "new topic")} and ${countOf(c.newViews, "new view")} ${
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
