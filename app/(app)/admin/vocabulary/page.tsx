import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/app-shell/page-header";
import { requirePagePermission } from "@/lib/auth/session";
import { seedListParams } from "@/lib/validation/seed-list";
import type { VocabularyKindName as VocabularyKind } from "@/lib/validation/vocabulary";
import { listTerms } from "@/lib/vocabulary/manage";
import { listProposals, mergeTargets } from "@/lib/vocabulary/proposals";
import { AddTermForm } from "./_components/add-term-form";
import { ProposalsPanel } from "./_components/proposals-panel";
import { TermTable } from "./_components/term-table";

export const metadata: Metadata = { title: "Vocabulary" };

const KINDS: { kind: VocabularyKind; slug: string; label: string; filter: "topic" | "view" | "type" }[] = [
  { kind: "TOPIC", slug: "topics", label: "Topics", filter: "topic" },
  { kind: "VIEW", slug: "views", label: "Views", filter: "view" },
  { kind: "TASK_TYPE", slug: "types", label: "Task types", filter: "type" },
];

export default async function VocabularyPage({ searchParams }: { searchParams: Promise<{ kind?: string }> }) {
  await requirePagePermission("vocabulary.manage");
  const slug = (await searchParams).kind;
  const current = KINDS.find((k) => k.slug === slug) ?? KINDS[0];
  if (!current) return null;
  const [terms, proposals, targets] = await Promise.all([
    listTerms(current.kind),
    listProposals(),
    mergeTargets(),
  ]);
  return (
    <>
      <PageHeader
        title="Vocabulary"
        description="The values authors pick from. Variants fold onto one value through aliases; merging rewrites every task that used the old value (each gets a new revision)."
      />
      <nav aria-label="Vocabulary kinds" className="mb-4 flex gap-2">
        {KINDS.map((k) => (
          <Link
            key={k.slug}
            href={`/admin/vocabulary?kind=${k.slug}`}
            aria-current={k === current ? "page" : undefined}
            className="rounded-md border px-3 py-1.5 text-sm aria-[current=page]:border-primary aria-[current=page]:bg-primary/10"
          >
            {k.label}
          </Link>
        ))}
      </nav>
      <div className="mb-6">
        <ProposalsPanel
          pending={proposals.pending}
          rejected={proposals.rejected}
          targets={targets}
          listHref={Object.fromEntries(
            [...proposals.pending, ...proposals.rejected].map((p) => [
              p.id,
              `/seeds?${seedListParams({ [p.kind === "VIEW" ? "view" : "topic"]: p.value })}`,
            ]),
          )}
        />
      </div>
      <div className="grid gap-4">
        <AddTermForm kind={current.kind} label={current.label} />
        <TermTable
          kind={current.kind}
          terms={terms}
          listHref={Object.fromEntries(
            terms.map((t) => [t.id, `/seeds?${seedListParams({ [current.filter]: t.value })}`]),
          )}
        />
      </div>
    </>
  );
}
