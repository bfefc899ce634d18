import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { PageHeader } from "@/components/app-shell/page-header";
import { SeedPhiFindings } from "@/components/phi/seed-phi-findings";
import { CommentThread } from "@/components/review/comment-thread";
import { ReviewPanel } from "@/components/review/review-panel";
import { PromptPreview } from "@/components/seeds/prompt-preview";
import { RevisionDiff } from "@/components/seeds/revision-diff";
import { SeedFieldsView } from "@/components/seeds/seed-fields-view";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { can } from "@/lib/auth/permissions";
import { requirePagePermission } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import { SEED_STATUS_LABELS } from "@/lib/model/seed-status";
import { phiReport } from "@/lib/phi/resolutions";
import { fourEyesBar } from "@/lib/review/four-eyes";
import { seedComments } from "@/lib/review/queue";
import { getSeedDecisions } from "@/lib/review/use-cases/get-seed-decisions";
import { canEditSeed, mayActOnSeed } from "@/lib/seeds/access";
import { getSeedTask } from "@/lib/seeds/use-cases/get-seed-task";
import { AuthorActions } from "./_components/author-actions";

export const metadata: Metadata = { title: "Seed task" };

export default async function SeedPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<{ from?: string; to?: string }>;
}) {
  const user = await requirePagePermission("seed.read");
  const { id } = await params;
  const [{ seed, revisions }, comments, decisions] = await Promise.all([
    getSeedTask(user, { id }).catch((error) => {
      if (error instanceof AppError && error.code === "NOT_FOUND") notFound();
      throw error;
    }),
    seedComments(id),
    getSeedDecisions(user, { id }),
  ]);
  const canReview =
    seed.status === "SUBMITTED" &&
    can(user.roles, "seed.approve") &&
    (await fourEyesBar(seed.id, user.id)) === null;
  const phi = await phiReport(seed);
  const sp = await searchParams;
  const to = revisions.find((r) => r.version === Number(sp.to)) ?? revisions[0];
  const from =
    revisions.find((r) => r.version === Number(sp.from)) ??
    revisions.find((r) => to && r.version === to.version - 1);

  return (
    <>
      <PageHeader
        title="Seed task"
        description={`By ${seed.authorName ?? seed.authorEmail} · version ${seed.version} · updated ${seed.updatedAt.toLocaleString()}`}
        actions={
          <>
            <Badge variant="outline">{SEED_STATUS_LABELS[seed.status]}</Badge>
            <AuthorActions
              id={seed.id}
              version={seed.version}
              canSubmit={
                mayActOnSeed(user, seed, "seed.submit") &&
                ["DRAFT", "CHANGES_REQUESTED"].includes(seed.status)
              }
              canArchive={mayActOnSeed(user, seed, "seed.archive") && seed.status !== "ARCHIVED"}
            />
            {canEditSeed(user, seed) && seed.status !== "ARCHIVED" ? (
              <Button asChild>
                <Link href={`/seeds/${seed.id}/edit`}>Edit</Link>
              </Button>
            ) : null}
          </>
        }
      />
      <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_22rem]">
        <div className="grid content-start gap-6">
          <Card>
            <CardContent className="grid gap-4">
              <SeedFieldsView seed={seed} />
              {canReview ? (
                <ReviewPanel seedId={seed.id} version={seed.version} openFindings={phi.openCount} />
              ) : null}
            </CardContent>
          </Card>
          <SeedPhiFindings
            targetId={seed.id}
            texts={{ instruction: seed.instruction, input: seed.input, output: seed.output, note: seed.note }}
            open={phi.open}
            resolved={phi.resolved}
            canResolve={can(user.roles, "phi.resolve")}
            approved={seed.status === "APPROVED"}
          />
          <CommentThread seedId={seed.id} comments={comments} canComment={can(user.roles, "seed.comment")} />
          <Card>
            <CardHeader>
              <CardTitle>
                <h2>History</h2>
              </CardTitle>
            </CardHeader>
            <CardContent className="grid gap-4">
              {decisions.length ? (
                <ol className="grid gap-1 text-sm" aria-label="Review decisions">
                  {decisions.map((d) => (
                    <li
                      key={`${d.at.toISOString()}-${d.what}`}
                      className="flex flex-wrap items-baseline gap-2"
                    >
                      {/* One text with who: a bare "Approved" here would read like the task's status badge. */}
                      <span className="font-medium">{`${d.what} by ${d.by}`}</span>
                      <span className="text-muted-foreground">
                        {d.version !== null ? `v${d.version} · ` : ""}
                        {d.at.toLocaleString()}
                      </span>
                      {d.reason ? (
                        <span className="basis-full text-muted-foreground">“{d.reason}”</span>
                      ) : null}
                    </li>
                  ))}
                </ol>
              ) : (
                <p className="text-muted-foreground text-sm">
                  {seed.status === "APPROVED"
                    ? "No review decision on record: approved as imported (or before reviews were kept)."
                    : seed.status === "SUBMITTED"
                      ? "In the review queue: no decision yet."
                      : seed.status === "DRAFT"
                        ? "Not submitted for review yet."
                        : "No review decision on record."}
                </p>
              )}
              <ol className="grid gap-1 text-sm" aria-label="Revisions">
                {revisions.map((r) => (
                  <li key={r.version} className="flex flex-wrap items-center gap-2">
                    <span className="font-medium tabular-nums">v{r.version}</span>
                    <span className="text-muted-foreground">
                      {r.change} by {r.editor ?? "system"} · {r.createdAt.toLocaleString()}
                    </span>
                    {r.version > 1 ? (
                      <Link
                        className="text-primary text-xs underline"
                        href={`/seeds/${id}?from=${r.version - 1}&to=${r.version}#diff`}
                      >
                        changes in v{r.version}
                      </Link>
                    ) : null}
                  </li>
                ))}
              </ol>
              {from && to ? (
                <section
                  id="diff"
                  aria-label={`Changes from version ${from.version} to ${to.version}`}
                  className="grid gap-2"
                >
                  <h3 className="font-medium text-sm">
                    Changes from v{from.version} to v{to.version}
                  </h3>
                  <RevisionDiff from={from} to={to} />
                </section>
              ) : null}
            </CardContent>
          </Card>
        </div>
        <aside>
          <PromptPreview seed={seed} />
        </aside>
      </div>
    </>
  );
}
