import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { PageHeader } from "@/components/app-shell/page-header";
import { PromptPreview } from "@/components/seeds/prompt-preview";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { requirePagePermission } from "@/lib/auth/session";
import { canEditSeed } from "@/lib/seeds/access";
import { getSeed, getSeedRevisions } from "@/lib/seeds/queries";
import { SEED_STATUS_LABELS } from "@/lib/seeds/types";
import { RevisionDiff } from "./_components/revision-diff";

export const metadata: Metadata = { title: "Seed task" };

function Field({ label, value, mono }: { label: string; value: string; mono?: boolean }) {
  return (
    <div className="grid gap-1">
      <dt className="font-medium text-muted-foreground text-xs uppercase tracking-wide">{label}</dt>
      <dd className={mono ? "whitespace-pre-wrap break-words font-mono text-sm" : "text-sm"}>
        {value || "—"}
      </dd>
    </div>
  );
}

export default async function SeedPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<{ from?: string; to?: string }>;
}) {
  const user = await requirePagePermission("seed.read");
  const { id } = await params;
  const seed = await getSeed(id);
  if (!seed) notFound();
  const revisions = await getSeedRevisions(id);
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
            <CardContent className="grid gap-4 pt-6">
              <dl className="grid gap-4">
                <Field label="Instruction" value={seed.instruction} mono />
                <Field label="Input" value={seed.input || "<noinput>"} mono />
                <Field label="Reference output" value={seed.output} mono />
                <div className="grid grid-cols-2 gap-4 sm:grid-cols-4">
                  <Field label="Topic" value={seed.topic} />
                  <Field label="View" value={seed.view} />
                  <Field label="Task type" value={seed.taskType} />
                  <Field label="Difficulty" value={seed.difficulty ? String(seed.difficulty) : ""} />
                </div>
                <Field label="Note" value={seed.note} />
              </dl>
            </CardContent>
          </Card>
          <Card>
            <CardHeader>
              <CardTitle>
                <h2>History</h2>
              </CardTitle>
            </CardHeader>
            <CardContent className="grid gap-4">
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
