import "server-only";
import { db } from "@/lib/db";
import type { VocabularyKind } from "@/lib/generated/prisma/client";

export type ProposalRow = {
  id: string;
  kind: VocabularyKind;
  value: string;
  status: "PROPOSED" | "REJECTED";
  reviewNote: string | null;
  proposers: string[];
  uses: number;
  createdAt: Date;
};

/** Values waiting for an admin (oldest first), and the rejected ones (newest first), with their use counts. */
export async function listProposals(): Promise<{ pending: ProposalRow[]; rejected: ProposalRow[] }> {
  const [terms, counts] = await Promise.all([
    db.vocabularyTerm.findMany({
      where: { status: { in: ["PROPOSED", "REJECTED"] } },
      include: { proposers: { include: { user: { select: { name: true, email: true } } } } },
      orderBy: { createdAt: "asc" },
    }),
    db.$queryRaw<{ kind: VocabularyKind; value: string; n: number }[]>`
      SELECT 'TOPIC' AS kind, "topic" AS value, count(*)::int AS n FROM "SeedTask" GROUP BY "topic"
      UNION ALL
      SELECT 'VIEW' AS kind, "view" AS value, count(*)::int AS n FROM "SeedTask" GROUP BY "view"`,
  ]);
  const uses = new Map(counts.map((c) => [`${c.kind}\u0000${c.value}`, c.n]));
  const rows = terms.map((t) => ({
    id: t.id,
    kind: t.kind,
    value: t.value,
    status: t.status as "PROPOSED" | "REJECTED",
    reviewNote: t.reviewNote,
    proposers: t.proposers.map((p) => p.user.name ?? p.user.email).sort(),
    uses: uses.get(`${t.kind}\u0000${t.value}`) ?? 0,
    createdAt: t.createdAt,
  }));
  return {
    pending: rows.filter((r) => r.status === "PROPOSED"),
    rejected: rows.filter((r) => r.status === "REJECTED").reverse(),
  };
}

/** Accepted topics and views, to merge a proposal into. */
export async function mergeTargets(): Promise<Record<"TOPIC" | "VIEW", { id: string; value: string }[]>> {
  const terms = await db.vocabularyTerm.findMany({
    where: { kind: { in: ["TOPIC", "VIEW"] }, status: "ACCEPTED" },
    select: { id: true, kind: true, value: true },
    orderBy: { value: "asc" },
  });
  return {
    TOPIC: terms.filter((t) => t.kind === "TOPIC"),
    VIEW: terms.filter((t) => t.kind === "VIEW"),
  };
}
