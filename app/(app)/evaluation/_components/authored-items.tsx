import Link from "next/link";
import { Badge } from "@/components/ui/badge";
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
import type { TestItemRow } from "@/lib/evaluation/use-cases/test-item-queries";
import { TEST_ITEM_STATE_LABELS, TEST_ITEM_STATES } from "@/lib/model/test-item-states";
import { FreezeNewVersionButton } from "./testset-authoring";

const STATE_BADGE = {
  DRAFT: "outline",
  SUBMITTED: "secondary",
  APPROVED: "success",
  SENT_BACK: "warning",
  REJECTED: "destructive",
} as const;

/**
 * The items clinicians write in the app for this test set: their states, a filter kept in the URL, "Write a
 * test item", and "Freeze new version" once some are approved.
 */
export function AuthoredItems({
  testSetId,
  items,
  waiting,
  state,
  mayWrite,
  mayReview,
}: {
  testSetId: string;
  items: TestItemRow[];
  /** approved items not yet in a version */
  waiting: number;
  state?: string;
  mayWrite: boolean;
  mayReview: boolean;
}) {
  const base = `/evaluation/testsets/${testSetId}`;
  return (
    <section className="mb-8 grid gap-3" aria-labelledby="authored-heading">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h2 id="authored-heading" className="font-semibold text-lg">
          Items written in MedSeed
        </h2>
        <div className="flex flex-wrap items-start gap-2">
          {mayWrite ? (
            <Button variant="outline" asChild>
              <Link href={`${base}/items/new`}>Write a test item</Link>
            </Button>
          ) : null}
          {mayWrite ? <FreezeNewVersionButton testSetId={testSetId} approved={waiting} /> : null}
        </div>
      </div>
      <nav aria-label="Filter by state" className="flex flex-wrap gap-3 text-sm">
        <Link
          href={base}
          aria-current={!state ? "page" : undefined}
          className={!state ? "font-semibold" : "underline"}
        >
          All
        </Link>
        {TEST_ITEM_STATES.map((s) => (
          <Link
            key={s}
            href={`${base}?state=${s}`}
            aria-current={state === s ? "page" : undefined}
            className={state === s ? "font-semibold" : "underline"}
          >
            {TEST_ITEM_STATE_LABELS[s]}
          </Link>
        ))}
      </nav>
      {items.length === 0 ? (
        <EmptyState
          headingLevel="h3"
          title={
            state
              ? `No ${TEST_ITEM_STATE_LABELS[state as keyof typeof TEST_ITEM_STATE_LABELS]?.toLowerCase() ?? ""} items`
              : "No items written here yet"
          }
          description={
            mayWrite
              ? 'Write a test item: a reviewer approves it, then "Freeze new version" adds it to a new frozen version that runs can evaluate.'
              : "Authors and reviewers write test items here; approved items enter the next frozen version."
          }
        />
      ) : (
        <Table framed>
          <TableCaption placement="hidden">Items written in MedSeed</TableCaption>
          <TableHeader>
            <TableRow>
              <TableHead>Instruction</TableHead>
              <TableHead>State</TableHead>
              <TableHead numeric>Difficulty</TableHead>
              <TableHead numeric>Version</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {items.map((item) => (
              <TableRow key={item.id}>
                <TableCell className="max-w-xl whitespace-normal">
                  <Link className="underline" href={`${base}/items/${item.id}`}>
                    {item.instruction}
                  </Link>
                </TableCell>
                <TableCell>
                  <Badge variant={STATE_BADGE[item.state]}>{TEST_ITEM_STATE_LABELS[item.state]}</Badge>
                  {item.frozenVersion ? (
                    <span className="ml-2 text-muted-foreground text-xs">in v{item.frozenVersion}</span>
                  ) : item.state === "SUBMITTED" && mayReview ? (
                    <span className="ml-2 text-muted-foreground text-xs">waits for your review</span>
                  ) : null}
                </TableCell>
                <TableCell numeric>{item.difficulty ?? "–"}</TableCell>
                <TableCell numeric>{item.version}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </section>
  );
}
