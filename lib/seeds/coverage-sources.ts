import "server-only";
import { db } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { isNonCommercial } from "@/lib/model/licences";
import { SOURCE_KINDS } from "@/lib/model/source-kinds";
import { type CoverageScope, scopeStatuses } from "./coverage";

// The coverage dashboard "by source" (issue 15): tasks per source kind and per licence, in the same status
// scope as the rest of the dashboard.

export type SourceCoverage = {
  /** every kind, in SOURCE_KINDS order, zero counts included */
  kinds: { kind: (typeof SOURCE_KINDS)[number]; count: number }[];
  /** licences in use, most used first */
  licences: { licence: string; count: number; nonCommercial: boolean }[];
};

type Row = { g: number; sourceKind: string | null; licence: string | null; n: number };

export async function getSourceCoverage(scope: CoverageScope): Promise<SourceCoverage> {
  const rows = await db.$queryRaw<Row[]>`
    SELECT GROUPING(s."sourceKind", s."licence")::int AS "g", s."sourceKind", s."licence", count(*)::int AS "n"
      FROM "SeedTask" s
     WHERE s."status"::text IN (${Prisma.join(scopeStatuses(scope))})
     GROUP BY GROUPING SETS ((s."sourceKind"), (s."licence"))`;
  const byKind = new Map(rows.filter((r) => r.g === 0b01).map((r) => [r.sourceKind, r.n]));
  return {
    kinds: SOURCE_KINDS.map((kind) => ({ kind, count: byKind.get(kind) ?? 0 })),
    licences: rows
      .filter((r) => r.g === 0b10 && r.licence !== null)
      .map((r) => ({
        licence: r.licence as string,
        count: r.n,
        nonCommercial: isNonCommercial(r.licence as string),
      }))
      .sort((a, b) => b.count - a.count || a.licence.localeCompare(b.licence)),
  };
}
