import "server-only";
import { db } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import type { GeneratedTaskRow, JobSeed } from "@/lib/generation/types";
import { COPY_ROUGE, RECORDS_PAGE, type RecordQuery } from "@/lib/validation/dataset";

// The generated-record browser: every task a job parsed (kept or discarded), across jobs or for one, with
// the filters of lib/validation/dataset.ts. Kept records show as curated (an edit's text, else the original).

// The same expressions as the GIN index in the dataset migration, so full-text search uses it.
const CUR_INSTRUCTION = Prisma.sql`COALESCE(t."curatedInstruction", t."instruction")`;
const CUR_INPUT = Prisma.sql`COALESCE(t."curatedInput", t."input")`;
const CUR_OUTPUT = Prisma.sql`COALESCE(t."curatedOutput", t."output")`;
const SEARCH_VECTOR = Prisma.sql`to_tsvector('english', COALESCE(t."curatedInstruction", t."instruction") || ' ' || COALESCE(t."curatedInput", t."input") || ' ' || COALESCE(t."curatedOutput", t."output", ''))`;
const words = (col: Prisma.Sql) =>
  Prisma.sql`COALESCE(array_length(regexp_split_to_array(btrim(${col}), '\\s+'), 1), 0) * (btrim(${col}) <> '')::int`;
const LENGTH_COL: Record<RecordQuery["lenOf"], Prisma.Sql> = {
  instruction: CUR_INSTRUCTION,
  input: CUR_INPUT,
  output: Prisma.sql`COALESCE(${CUR_OUTPUT}, '')`,
};

/** A record as the browser lists it: a job's task, as curated. */
export type RecordRow = GeneratedTaskRow & {
  jobId: string;
  jobNumber: number;
  excluded: boolean;
  /** true when a person edited the text (the list shows the edit) */
  edited: boolean;
  /** the latest LLM rating (issue 17), null when unrated or unreadable */
  qualityScore: number | null;
  /** cheap signals set on the record (RECORD_SIGNALS), empty when none or not computed yet */
  signals: string[];
};

export type RecordPage = { rows: RecordRow[]; total: number; page: number; pages: number };

function recordConditions(q: RecordQuery): Prisma.Sql[] {
  const c: Prisma.Sql[] = [];
  if (q.job) c.push(Prisma.sql`t."jobId" = ${q.job}`);
  if (q.status === "kept") c.push(Prisma.sql`t.kept AND NOT t.excluded`);
  else if (q.status === "excluded") c.push(Prisma.sql`t.kept AND t.excluded`);
  else if (q.status === "discarded") c.push(Prisma.sql`NOT t.kept`);
  if (q.reason && q.status !== "kept" && q.status !== "excluded") c.push(Prisma.sql`t.reason = ${q.reason}`);
  if (q.type) c.push(Prisma.sql`t."taskType" = ${q.type}`);
  if (q.topic) c.push(Prisma.sql`t.topic = ${q.topic}`);
  if (q.view) c.push(Prisma.sql`t.view = ${q.view}`);
  if (q.difficulty) c.push(Prisma.sql`t.difficulty = ${q.difficulty}`);
  if (q.rougeMin !== undefined) c.push(Prisma.sql`t."maxRougeL" >= ${q.rougeMin}`);
  if (q.rougeMax !== undefined) c.push(Prisma.sql`t."maxRougeL" <= ${q.rougeMax}`);
  if (q.minWords !== undefined) c.push(Prisma.sql`${words(LENGTH_COL[q.lenOf])} >= ${q.minWords}`);
  if (q.maxWords !== undefined) c.push(Prisma.sql`${words(LENGTH_COL[q.lenOf])} <= ${q.maxWords}`);
  if (q.q) c.push(Prisma.sql`${SEARCH_VECTOR} @@ websearch_to_tsquery('english', ${q.q})`);
  if (q.ratingMin !== undefined) c.push(Prisma.sql`t."qualityScore" >= ${q.ratingMin}`);
  if (q.ratingBelow !== undefined) c.push(Prisma.sql`t."qualityScore" < ${q.ratingBelow}`);
  if (q.unrated) c.push(Prisma.sql`t."qualityScore" IS NULL`);
  if (q.signal)
    c.push(
      {
        refusal: Prisma.sql`s.refusal`,
        disclaimer: Prisma.sql`s.disclaimer`,
        copy: Prisma.sql`s."rougeLInstruction" >= ${COPY_ROUGE}`,
        "no-answer-line": Prisma.sql`s."missingAnswerLine"`,
        language: Prisma.sql`s."languageMismatch"`,
      }[q.signal],
    );
  return c;
}

export async function listRecords(q: RecordQuery): Promise<RecordPage> {
  const conds = recordConditions(q);
  const where = conds.length ? Prisma.sql`WHERE ${Prisma.join(conds, " AND ")}` : Prisma.empty;
  const dir = q.dir === "desc" ? Prisma.sql`DESC` : Prisma.sql`ASC`;
  const order =
    q.sort === "rouge"
      ? Prisma.sql`t."maxRougeL" ${dir} NULLS LAST, j.number DESC, t.id`
      : q.sort === "length"
        ? Prisma.sql`${words(LENGTH_COL[q.lenOf])} ${dir}, j.number DESC, t.id`
        : q.sort === "rating"
          ? Prisma.sql`t."qualityScore" ${dir} NULLS LAST, j.number DESC, t.seq, t.id`
          : Prisma.sql`j.number DESC, t.seq ${dir} NULLS LAST, r.index ${dir}, t.position ${dir}, t.id`;
  const [rows, count] = await Promise.all([
    db.$queryRaw<RecordRow[]>`
      SELECT t.id, t."jobId", j.number AS "jobNumber", t.seq, t.kept, t.excluded,
             (t."curatedInstruction" IS NOT NULL OR t."curatedInput" IS NOT NULL OR t."curatedOutput" IS NOT NULL) AS edited,
             t.reason, ${CUR_INSTRUCTION} AS instruction, ${CUR_INPUT} AS input, ${CUR_OUTPUT} AS output,
             t."taskType", t.topic, t.view, t.difficulty, t."maxRougeL", r.index AS "requestIndex",
             t."qualityScore",
             array_remove(ARRAY[CASE WHEN s.refusal THEN 'refusal' END, CASE WHEN s.disclaimer THEN 'disclaimer' END,
                   CASE WHEN s."rougeLInstruction" >= ${COPY_ROUGE} THEN 'copy' END,
                   CASE WHEN s."missingAnswerLine" THEN 'no-answer-line' END,
                   CASE WHEN s."languageMismatch" THEN 'language' END], NULL) AS signals
        FROM "GeneratedTask" t
        JOIN "GenerationJob" j ON j.id = t."jobId"
        JOIN "GenerationRequest" r ON r.id = t."requestId"
        LEFT JOIN "RecordSignals" s ON s."taskId" = t.id
        ${where}
       ORDER BY ${order}
       LIMIT ${RECORDS_PAGE} OFFSET ${(q.page - 1) * RECORDS_PAGE}`,
    db.$queryRaw<{ n: number }[]>`
      SELECT count(*)::int AS n FROM "GeneratedTask" t LEFT JOIN "RecordSignals" s ON s."taskId" = t.id ${where}`,
  ]);
  const total = count[0]?.n ?? 0;
  return { rows, total, page: q.page, pages: Math.max(1, Math.ceil(total / RECORDS_PAGE)) };
}

/** Values to offer in the filters: the jobs with records, and the tags and discard reasons they use. */
export async function recordFilterOptions(jobId?: string) {
  const scope = jobId ? Prisma.sql`WHERE "jobId" = ${jobId}` : Prisma.empty;
  const [jobs, tags, reasons] = await Promise.all([
    db.generationJob.findMany({
      where: { tasks: { some: {} } },
      orderBy: { number: "desc" },
      select: { id: true, number: true, seedSource: true, state: true, keptCount: true },
      take: 200,
    }),
    db.$queryRaw<{ kind: string; value: string }[]>`
      SELECT DISTINCT 'type' AS kind, "taskType" AS value FROM "GeneratedTask" ${scope}
      UNION SELECT DISTINCT 'topic', topic FROM "GeneratedTask" ${scope}
      UNION SELECT DISTINCT 'view', view FROM "GeneratedTask" ${scope}`,
    db.$queryRaw<{ reason: string }[]>`
      SELECT DISTINCT reason FROM "GeneratedTask" ${jobId ? Prisma.sql`WHERE "jobId" = ${jobId} AND` : Prisma.sql`WHERE`} reason IS NOT NULL ORDER BY reason`,
  ]);
  const of = (kind: string) =>
    tags
      .filter((t) => t.kind === kind && t.value)
      .map((t) => t.value)
      .sort((a, b) => a.localeCompare(b));
  return {
    jobs,
    types: of("type"),
    topics: of("topic"),
    views: of("view"),
    reasons: reasons.map((r) => r.reason),
  };
}

/** One record with everything behind it: the request, the seeds shown, the prompt versions, its history. */
export async function getRecord(id: string) {
  const t = await db.generatedTask.findUnique({
    where: { id },
    include: {
      request: {
        select: { id: true, index: true, seedIds: true, completion: true, finishReason: true, model: true },
      },
      job: {
        select: {
          id: true,
          number: true,
          seeds: true,
          seedSource: true,
          settings: true,
          taskPrompt: { select: { version: true } },
          responsePrompt: { select: { version: true } },
        },
      },
      curatedBy: { select: { name: true, email: true } },
      edits: {
        orderBy: { version: "desc" },
        include: { actor: { select: { name: true, email: true } } },
      },
    },
  });
  if (!t) return null;
  const seeds = t.job.seeds as unknown as JobSeed[];
  const byId = new Map(seeds.map((s) => [s.id, s]));
  const shown = t.request.seedIds.map((sid) => byId.get(sid) ?? null).filter((s) => s !== null);
  // Seeds of jobs made from an export are seed tasks here; a CLI job's seeds from a file are not.
  const stored = await db.seedTask.findMany({
    where: { id: { in: shown.map((s) => s.id) } },
    select: { id: true },
  });
  const inApp = new Set(stored.map((s) => s.id));
  const shownSeeds = shown.map((s) => ({ ...s, inApp: inApp.has(s.id) }));
  const { seeds: _all, ...job } = t.job;
  return {
    id: t.id,
    jobId: t.jobId,
    seq: t.seq,
    position: t.position,
    kept: t.kept,
    reason: t.reason,
    detail: t.detail,
    excluded: t.excluded,
    excludedReason: t.excludedReason,
    curationVersion: t.curationVersion,
    curatedAt: t.curatedAt,
    curatedBy: t.curatedBy ? (t.curatedBy.name ?? t.curatedBy.email) : null,
    original: { instruction: t.instruction, input: t.input, output: t.output },
    current: {
      instruction: t.curatedInstruction ?? t.instruction,
      input: t.curatedInput ?? t.input,
      output: t.curatedOutput ?? t.output,
    },
    edited: t.curatedInstruction !== null || t.curatedInput !== null || t.curatedOutput !== null,
    taskType: t.taskType,
    topic: t.topic,
    view: t.view,
    difficulty: t.difficulty,
    raw: t.raw,
    maxRougeL: t.maxRougeL,
    mostSimilarId: t.mostSimilarId,
    mostSimilarText: t.mostSimilarText,
    responseModel: t.responseModel,
    request: t.request,
    job: {
      ...job,
      taskPromptVersion: job.taskPrompt.version,
      responsePromptVersion: job.responsePrompt.version,
    },
    shownSeeds,
    edits: t.edits.map((e) => ({
      version: e.version,
      change: e.change,
      instruction: e.instruction,
      input: e.input,
      output: e.output,
      excluded: e.excluded,
      reason: e.reason,
      by: e.actor.name ?? e.actor.email,
      at: e.createdAt,
    })),
  };
}
