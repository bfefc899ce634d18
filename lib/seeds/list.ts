import "server-only";
import { db } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import type { SeedStatusName } from "@/lib/model/seed-status";
import type { SeedListQuery } from "@/lib/validation/seed-list";

export type SeedListRow = {
  id: string;
  instruction: string;
  topic: string;
  view: string;
  taskType: string;
  difficulty: number | null;
  status: SeedStatusName;
  version: number;
  updatedAt: Date;
  createdAt: Date;
  authorId: string;
  authorEmail: string;
  authorName: string | null;
};

/** `totalIsLowerBound`: the count stopped at COUNT_CAP (counting every match of a broad search costs more than it tells). */
export type SeedListPage = {
  rows: SeedListRow[];
  total: number;
  totalIsLowerBound: boolean;
  page: number;
  pages: number;
  size: number;
};

export const COUNT_CAP = 10_000;

// The same expression as the GIN index in the seed_tasks migration, so full-text search uses it.
export const SEARCH_VECTOR = Prisma.sql`to_tsvector('english', s."instruction" || ' ' || s."input" || ' ' || s."output")`;

const ORDER: Record<SeedListQuery["sort"], Prisma.Sql> = {
  updated: Prisma.sql`s."updatedAt"`,
  created: Prisma.sql`s."createdAt"`,
  difficulty: Prisma.sql`s."difficulty"`,
  topic: Prisma.sql`lower(s."topic")`,
  type: Prisma.sql`s."taskType"`,
};

export function seedListConditions(q: Omit<SeedListQuery, "sort" | "dir" | "page" | "size">): Prisma.Sql[] {
  const conds: Prisma.Sql[] = [];
  if (q.status.length) conds.push(Prisma.sql`s."status"::text IN (${Prisma.join(q.status)})`);
  if (q.topic) conds.push(Prisma.sql`s."topic" = ${q.topic}`);
  if (q.view) conds.push(Prisma.sql`s."view" = ${q.view}`);
  if (q.type) conds.push(Prisma.sql`s."taskType" = ${q.type}`);
  if (q.difficulty.length) conds.push(Prisma.sql`s."difficulty" IN (${Prisma.join(q.difficulty)})`);
  if (q.author) conds.push(Prisma.sql`(u."email" = ${q.author.toLowerCase()} OR u."id" = ${q.author})`);
  if (q.source) conds.push(Prisma.sql`s."sourceKind" = ${q.source}`);
  if (q.licence) conds.push(Prisma.sql`s."licence" = ${q.licence}`);
  if (q.q) conds.push(Prisma.sql`${SEARCH_VECTOR} @@ websearch_to_tsquery('english', ${q.q})`);
  return conds;
}

export function seedListWhere(q: SeedListQuery): Prisma.Sql {
  const conds = seedListConditions(q);
  return conds.length ? Prisma.sql`WHERE ${Prisma.join(conds, " AND ")}` : Prisma.empty;
}

/** One page of seed tasks: filters, full-text search, sort and page, all server side. */
export async function listSeeds(q: SeedListQuery): Promise<SeedListPage> {
  const where = seedListWhere(q);
  const dir = q.dir === "asc" ? Prisma.sql`ASC` : Prisma.sql`DESC`;
  // Only difficulty can be null (unfinished drafts): they go last. The other sort keys are NOT NULL, and
  // leaving NULLS out there lets PostgreSQL walk the matching index instead of sorting every row.
  const nulls = q.sort === "difficulty" ? Prisma.sql`NULLS LAST` : Prisma.empty;
  const [rows, counted] = await Promise.all([
    db.$queryRaw<SeedListRow[]>`
      SELECT s."id", left(s."instruction", 300) AS "instruction", s."topic", s."view", s."taskType", s."difficulty",
             s."status"::text AS "status", s."version", s."updatedAt", s."createdAt", s."authorId",
             u."email" AS "authorEmail", u."name" AS "authorName"
      FROM "SeedTask" s JOIN "User" u ON u."id" = s."authorId"
      ${where}
      ORDER BY ${ORDER[q.sort]} ${dir} ${nulls}, s."id" ${dir}
      LIMIT ${q.size} OFFSET ${(q.page - 1) * q.size}`,
    db.$queryRaw<{ n: bigint }[]>`
      SELECT count(*) AS n FROM (
        SELECT 1 FROM "SeedTask" s JOIN "User" u ON u."id" = s."authorId" ${where} LIMIT ${COUNT_CAP + 1}
      ) matched`,
  ]);
  const matched = Number(counted[0]?.n ?? 0);
  const totalIsLowerBound = matched > COUNT_CAP;
  const total = Math.min(matched, COUNT_CAP);
  return {
    rows,
    total,
    totalIsLowerBound,
    page: q.page,
    size: q.size,
    pages: Math.max(1, Math.ceil(total / q.size)),
  };
}

/**
 * The distinct non-empty values of a column with a btree index, in order: one index probe per value (a loose
 * index scan), not a read of every seed. Prisma's `distinct` reads every row and de-duplicates in the
 * process: 100,000 topics and 100,000 views sent on every seed-list and review-queue render.
 */
function distinctValues(column: "topic" | "view" | "licence") {
  const col = Prisma.raw(`"${column}"`);
  return db.$queryRaw<{ v: string }[]>`
    WITH RECURSIVE d AS (
      SELECT min(${col}) AS v FROM "SeedTask" WHERE ${col} <> ''
      UNION ALL
      SELECT (SELECT min(${col}) FROM "SeedTask" WHERE ${col} > d.v) FROM d WHERE d.v IS NOT NULL
    )
    SELECT v FROM d WHERE v IS NOT NULL`;
}

/**
 * Distinct values in use, for the filter menus. Topics and views still waiting for an admin (proposals) or
 * rejected are left out, except a viewer's own proposals: a new value is not offered to everyone at once.
 */
export async function seedFilterOptions(viewerId?: string) {
  const [topics, views, types, authors, licences] = await Promise.all([
    distinctValues("topic"),
    distinctValues("view"),
    db.vocabularyTerm.findMany({
      where: { kind: "TASK_TYPE" },
      select: { value: true },
      orderBy: { value: "asc" },
    }),
    db.user.findMany({
      where: { seedTasks: { some: {} } },
      select: { email: true, name: true },
      orderBy: { email: "asc" },
    }),
    distinctValues("licence"),
  ]);
  const hidden = await db.vocabularyTerm.findMany({
    where: {
      kind: { in: ["TOPIC", "VIEW"] },
      status: { not: "ACCEPTED" },
      ...(viewerId ? { NOT: { status: "PROPOSED", proposers: { some: { userId: viewerId } } } } : {}),
    },
    select: { kind: true, value: true },
  });
  const hide = { TOPIC: new Set<string>(), VIEW: new Set<string>(), TASK_TYPE: new Set<string>() };
  for (const h of hidden) hide[h.kind].add(h.value);
  return {
    topics: topics.map((t) => t.v).filter((t) => !hide.TOPIC.has(t)),
    views: views.map((v) => v.v).filter((v) => !hide.VIEW.has(v)),
    types: types.map((t) => t.value),
    authors,
    licences: licences.map((l) => l.v),
  };
}
