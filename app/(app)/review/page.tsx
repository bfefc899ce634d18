import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/app-shell/page-header";
import { SeedPhiFindings } from "@/components/phi/seed-phi-findings";
import { CommentThread } from "@/components/review/comment-thread";
import { ResubmittedNote } from "@/components/review/resubmitted-note";
import { ReviewPanel, UndoApprovalKey } from "@/components/review/review-panel";
import { PromptPreview } from "@/components/seeds/prompt-preview";
import { SeedFieldsView } from "@/components/seeds/seed-fields-view";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { requirePagePermission } from "@/lib/auth/session";
import { SEED_STATUS_LABELS } from "@/lib/model/seed-status";
import { phiReport } from "@/lib/phi/resolutions";
import { coverageContext, reviewQueue, seedComments } from "@/lib/review/queue";
import { resubmissionDetail } from "@/lib/review/resubmission";
import { approvalsRequired } from "@/lib/review/settings";
import { seedFilterOptions } from "@/lib/seeds/list";
import { mostSimilarSeeds, NEAR_DUPLICATE_THRESHOLD } from "@/lib/seeds/near-duplicates";
import { getSeed } from "@/lib/seeds/queries";
import { seedListQuerySchema } from "@/lib/validation/seed-list";
import { QueueFilters } from "./_components/queue-filters";

export const metadata: Metadata = { title: "Review" };

export default async function ReviewPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[]>>;
}) {
  const user = await requirePagePermission("seed.review");
  const params = await searchParams;
  const filters = seedListQuerySchema.parse(params);
  const [queue, options] = await Promise.all([reviewQueue(user, filters), seedFilterOptions(user.id)]);
  // `seed`: show that task where it stands in the queue (after an undo: the reviewer may have moved on), else
  // the i-th; the links onward go by position again.
  const bySeed = typeof params.seed === "string" ? queue.findIndex((q) => q.id === params.seed) : -1;
  const i =
    bySeed >= 0 ? bySeed : Math.min(Math.max(0, Number(params.i ?? 0) || 0), Math.max(0, queue.length - 1));
  const keep = new URLSearchParams(
    Object.entries(params).flatMap(([k, v]) => (k === "i" || k === "seed" ? [] : [[k, String(v)]])),
  );
  const at = (n: number) => `/review?${new URLSearchParams([...keep, ["i", String(n)]])}`;
  const current = queue[i];
  const seed = current ? await getSeed(current.id) : null;

  return (
    <>
      <PageHeader
        title="Review"
        description="Submitted tasks you did not write or edit, oldest first; a task sent back comes back marked “resubmitted”. Approve, send back or reject; the next one comes up by itself."
        actions={<Badge variant="secondary">{queue.length} waiting</Badge>}
      />
      <QueueFilters query={filters} options={options} />
      {!seed ? (
        <>
          <EmptyState
            className="mt-4"
            title="Nothing waits for your review"
            description="When authors submit tasks (or when the filters match some), they appear here. Tasks you wrote or edited go to other reviewers."
            action={<Link href="/seeds">Browse all seed tasks</Link>}
          />
          <UndoApprovalKey />
        </>
      ) : (
        <ReviewItem
          seed={seed}
          position={i}
          total={queue.length}
          prevHref={i > 0 ? at(i - 1) : undefined}
          nextHref={i + 1 < queue.length ? at(i + 1) : undefined}
        />
      )}
    </>
  );
}

async function ReviewItem({
  seed,
  position,
  total,
  prevHref,
  nextHref,
}: {
  seed: NonNullable<Awaited<ReturnType<typeof getSeed>>>;
  position: number;
  total: number;
  prevHref?: string;
  nextHref?: string;
}) {
  const [similar, coverage, comments, required, resubmitted, phi] = await Promise.all([
    mostSimilarSeeds(seed.instruction, 3, seed.id),
    coverageContext(seed.taskType, seed.difficulty),
    seedComments(seed.id),
    approvalsRequired(),
    resubmissionDetail(seed.id),
    phiReport(seed),
  ]);
  // Said above the task, not only as a badge beside it: an approved near-copy is the one that matters most.
  const near = similar.filter((m) => m.score > NEAR_DUPLICATE_THRESHOLD);
  const duplicateOf = near.find((m) => m.status === "APPROVED") ?? near[0];
  return (
    <div className="mt-4 grid gap-6 lg:grid-cols-[minmax(0,1fr)_22rem]">
      <div className="grid content-start gap-4">
        <Card>
          <CardHeader className="flex flex-row flex-wrap items-center justify-between gap-2">
            <CardTitle>
              <h2>
                Task {position + 1} of {total}
              </h2>
            </CardTitle>
            <span className="text-muted-foreground text-xs">
              by {seed.authorName ?? seed.authorEmail} · version {seed.version} ·{" "}
              <Link href={`/seeds/${seed.id}`} className="underline">
                history
              </Link>
            </span>
          </CardHeader>
          <CardContent className="grid gap-6">
            {resubmitted ? <ResubmittedNote detail={resubmitted} /> : null}
            {duplicateOf ? (
              <Alert variant="warning" data-testid="review-near-duplicate">
                <AlertTitle>
                  Near-duplicate of {duplicateOf.status === "APPROVED" ? "an approved" : "a stored"} task:
                  ROUGE-L {duplicateOf.score.toFixed(2)} (above {NEAR_DUPLICATE_THRESHOLD})
                </AlertTitle>
                <AlertDescription>
                  <p>
                    Generation treats tasks this similar as one and keeps only one of them, so approving both
                    adds nothing to the data. Send it back or reject it unless it differs in what matters:{" "}
                    <Link href={`/seeds/${duplicateOf.id}`} className="underline">
                      {SEED_STATUS_LABELS[duplicateOf.status].toLowerCase()} task
                    </Link>
                    .
                  </p>
                </AlertDescription>
              </Alert>
            ) : null}
            <SeedFieldsView seed={seed} />
            <ReviewPanel
              key={`${seed.id}-${seed.version}`}
              seedId={seed.id}
              version={seed.version}
              prevHref={prevHref}
              nextHref={nextHref}
              shortcuts
              openFindings={phi.openCount}
            />
            {required > 1 ? (
              <p className="text-muted-foreground text-xs">
                {required} different reviewers must approve this revision.
              </p>
            ) : null}
          </CardContent>
        </Card>
        <SeedPhiFindings
          targetId={seed.id}
          texts={{ instruction: seed.instruction, input: seed.input, output: seed.output, note: seed.note }}
          open={phi.open}
          resolved={phi.resolved}
          canResolve
        />
        <CommentThread seedId={seed.id} comments={comments} canComment />
      </div>
      <aside className="grid content-start gap-6 text-sm">
        <section aria-labelledby="similar-h" className="grid gap-2">
          <h2 id="similar-h" className="font-medium">
            Most similar tasks
          </h2>
          {similar.length ? (
            <ol className="grid gap-2">
              {similar.map((m) => (
                <li key={m.id} className="rounded-md border bg-background p-2">
                  <Badge variant={m.score > NEAR_DUPLICATE_THRESHOLD ? "warning" : "secondary"}>
                    ROUGE-L {m.score.toFixed(2)}
                  </Badge>{" "}
                  <span className="text-muted-foreground text-xs">{SEED_STATUS_LABELS[m.status]}</span>{" "}
                  <Link href={`/seeds/${m.id}`} className="hover:underline">
                    {m.instruction}
                  </Link>
                </li>
              ))}
            </ol>
          ) : (
            <p className="text-muted-foreground">Nothing similar stored.</p>
          )}
        </section>
        <section aria-labelledby="coverage-h" className="grid gap-1">
          <h2 id="coverage-h" className="font-medium">
            Coverage
          </h2>
          <p>
            Approved tasks already of type “{seed.taskType}” at difficulty {seed.difficulty ?? "—"}:{" "}
            <strong>{coverage.sameCell}</strong> ({coverage.sameType} of this type, {coverage.approved}{" "}
            approved in all).{" "}
            <Link href="/seeds/coverage?scope=approved" className="underline">
              Coverage
            </Link>
          </p>
        </section>
        <PromptPreview seed={seed} />
      </aside>
    </div>
  );
}
