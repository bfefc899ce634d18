import "server-only";
import { db } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import type { GeneratedTaskRow, JobSeed } from "@/lib/generation/types";
import { COPY_ROUGE, RECORDS_PAGE, type RecordQuery } from "@/lib/validation/dataset";

// The generated-record browser: every task a job parsed (kept or discarded), across jobs or for one, with
// the filters of lib/validation/dataset.ts. Kept records show as curated (an edit's text, else the original).

// The text as curated (an edit, else the original).
const CUR_INSTRUCTION = Prisma.sql`COALESCE(t."curatedInstruction", t."instruction")`;
const CUR_INPUT = Prisma.sql`COALESCE(t."curatedInput", t."input")`;
const CUR_OUTPUT = Prisma.sql`COALESCE(t."curatedOutput", t."output")`;
// Stored by the database, GIN-indexed (migration 20261203040600_record_search_vector).
const SEARCH_VECTOR = Prisma.sql`t."searchVector"`;
// Word counts of the text as curated: generated columns, indexed (migration 20261203033500_record_word_counts).
const LENGTH_COL: Record<RecordQuery["lenOf"], Prisma.Sql> = {
  instruction: Prisma.sql`t."instructionWords"`,
  input: Prisma.sql`t."inputWords"`,
  output: Prisma.sql`t."outputWords"`,
};

/** A record as the browser lists it: a job's task, as curated. */
export type RecordRow = GeneratedTaskRow & {
  jobId: string;
  jobNumber: number;
  excluded: boolean;
  /** true when a person edited the text (the list shows the edit) */
  edited: boolean;
  /** order in its completion (the last tie-break of the default order) */
  position: number;
  instructionWords: number | null;
  inputWords: number | null;
  outputWords: number | null;
  /** the latest LLM rating (issue 17), null when unrated or unreadable */
  qualityScore: number | null;
  /** cheap signals set on the record (RECORD_SIGNALS), empty when none or not computed yet */
  signals: string[];
};

/** Counting stops here (as the seed list's count does): beyond it the page says "10,000+". */
export const COUNT_CAP = 10_000;

/** `next` and `prev`: keyset cursors for the neighbouring pages (null at either end). `totalIsLowerBound`:
 *  the count stopped at COUNT_CAP, as the seed list's does (counting a million matches costs seconds). */
export type RecordPage = {
  rows: RecordRow[];
  total: number;
  totalIsLowerBound: boolean;
  page: number;
  pages: number;
  next: string | null;
  prev: string | null;
};

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
  if (q.minWords !== undefined) c.push(Prisma.sql`${LENGTH_COL[q.lenOf]} >= ${q.minWords}`);
  if (q.maxWords !== undefined) c.push(Prisma.sql`${LENGTH_COL[q.lenOf]} <= ${q.maxWords}`);
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

// ---- keyset paging -------------------------------------------------------------------------------------
// "Next" and "Previous" carry the sort keys of the page's last (first) record: the next page starts after
// them through the index instead of sorting and skipping every record before it (OFFSET). A page number
// without a cursor (a typed or an old link) still works, by OFFSET.

/** `outer`: the same key as the outer query of the job-by-job page names it */
type Key = { expr: Prisma.Sql; desc: boolean; nullable?: boolean; outer?: Prisma.Sql };
type CursorValue = string | number | null;

export const encodeRecordCursor = (values: CursorValue[]) =>
  Buffer.from(JSON.stringify(values)).toString("base64url");

function decodeCursor(text: string | undefined, length: number): CursorValue[] | null {
  if (!text) return null;
  try {
    const v: unknown = JSON.parse(Buffer.from(text, "base64url").toString("utf8"));
    const ok =
      Array.isArray(v) &&
      v.length === length &&
      v.every((x) => x === null || typeof x === "number" || (typeof x === "string" && x.length <= 64));
    return ok ? (v as CursorValue[]) : null;
  } catch {
    return null;
  }
}

/** Rows strictly after `c` in the order of `keys` (forward), or strictly before it (backward); NULLS LAST. */
function beyond(keys: Key[], c: CursorValue[], forward: boolean, i = 0): Prisma.Sql {
  const k = keys[i];
  if (!k) return Prisma.sql`FALSE`;
  const rest = beyond(keys, c, forward, i + 1);
  const cmp = k.desc !== forward ? Prisma.raw(">") : Prisma.raw("<");
  const v = c[i] ?? null;
  if (k.nullable && v === null)
    return forward
      ? Prisma.sql`(${k.expr} IS NULL AND ${rest})`
      : Prisma.sql`(${k.expr} IS NOT NULL OR ${rest})`;
  const nullsAfter = k.nullable && forward ? Prisma.sql` OR ${k.expr} IS NULL` : Prisma.empty;
  return Prisma.sql`(${k.expr} ${cmp} ${v}${nullsAfter} OR (${k.expr} = ${v} AND ${rest}))`;
}

/** The ORDER BY of `keys`, reversed when going backward (NULLS LAST becomes FIRST). */
function orderOf(keys: Key[], forward: boolean, outer = false): Prisma.Sql {
  return Prisma.join(
    keys.map((k) => {
      const desc = k.desc === forward;
      const nulls = k.nullable
        ? forward
          ? Prisma.raw(" NULLS LAST")
          : Prisma.raw(" NULLS FIRST")
        : Prisma.empty;
      return Prisma.sql`${outer ? (k.outer ?? k.expr) : k.expr} ${Prisma.raw(desc ? "DESC" : "ASC")}${nulls}`;
    }),
    ", ",
  );
}

const SELECT_ROW = Prisma.sql`t.id, t."jobId", t.seq, t.kept, t.excluded, t.position,
             (t."curatedInstruction" IS NOT NULL OR t."curatedInput" IS NOT NULL OR t."curatedOutput" IS NOT NULL) AS edited,
             t.reason, ${CUR_INSTRUCTION} AS instruction, ${CUR_INPUT} AS input, ${CUR_OUTPUT} AS output,
             t."taskType", t.topic, t.view, t.difficulty, t."maxRougeL", r.index AS "requestIndex",
             t."instructionWords", t."inputWords", t."outputWords", t."qualityScore",
             array_remove(ARRAY[CASE WHEN s.refusal THEN 'refusal' END, CASE WHEN s.disclaimer THEN 'disclaimer' END,
                   CASE WHEN s."rougeLInstruction" >= ${COPY_ROUGE} THEN 'copy' END,
                   CASE WHEN s."missingAnswerLine" THEN 'no-answer-line' END,
                   CASE WHEN s."languageMismatch" THEN 'language' END], NULL) AS signals`;
// The cheap signals of a record (issue 17): at most one row per task, looked up by its key.
const SIGNALS_JOIN = Prisma.sql`LEFT JOIN "RecordSignals" s ON s."taskId" = t.id`;

type PageSql = {
  rows: Prisma.Sql;
  count: Prisma.Sql;
  cursorOf: (r: RecordRow) => CursorValue[];
  backward: boolean;
};

/**
 * The page's two statements (its rows, and the count of all matching): the bench sends them raw as well.
 * `limit`: rows a page holds (a record's neighbours ask for one).
 */
export function recordPageSql(q: RecordQuery, limit = RECORDS_PAGE): PageSql {
  const conds = recordConditions(q);
  const where = conds.length ? Prisma.join(conds, " AND ") : Prisma.sql`TRUE`;
  // The signals are joined for the count only when a condition names them (the signal filter).
  const countJoin = q.signal ? SIGNALS_JOIN : Prisma.empty;
  const count = Prisma.sql`SELECT count(*)::int AS n FROM (SELECT 1 FROM "GeneratedTask" t ${countJoin} WHERE ${where} LIMIT ${COUNT_CAP + 1}) m`;
  const desc = q.dir === "desc";

  if (q.sort === "seq") {
    // Job by job (newest first), each job's records in its own order straight from an index on the job
    // ("GeneratedTask_jobId_kept_seq_idx", or the request order for discarded ones), at most a page from
    // each: a page reads a few hundred records whatever the dataset's size, where one sort across jobs
    // read them all (EXPLAIN in the bench's records part). Discarded records have no seq: leaving it out
    // of their order changes nothing and lets the request order come from its index (the request's job
    // named too, so the planner walks "GenerationRequest_jobId_index_key" instead of sorting requests).
    // Each key says where a row carries it, so a page's cursor is written from the keys it is read with.
    type InJobKey = Key & { of: (r: RecordRow) => CursorValue };
    // A kept record (excluded or not) always has a seq, unique in its job ("GeneratedTask_jobId_seq_key"): its
    // order is the seq alone. Then no NULLS clause, which would keep a descending walk from reading the index
    // backward (it sorted the job's kept records: 118 ms a page), and no request-order tie-breakers, which
    // kept a filtered page (a difficulty, a view) from walking the index until a page of matches: it ANDed
    // the job's bitmap with the whole filter's (171,000 records for difficulty 4) in every job, 160-190 ms a
    // deep page over the fixture, now a walk of a few hundred index entries (EXPLAIN in the bench's records).
    // Discarded records (in "all" too) go in request order.
    const byRequest = q.status === "discarded" || q.status === "all";
    const inJob: InJobKey[] = [
      ...(q.status === "discarded"
        ? []
        : [
            {
              expr: Prisma.sql`t.seq`,
              desc,
              nullable: byRequest,
              outer: Prisma.sql`x.seq`,
              of: (r: RecordRow) => r.seq,
            },
          ]),
      ...(byRequest
        ? [
            {
              expr: Prisma.sql`r.index`,
              desc,
              outer: Prisma.sql`x."requestIndex"`,
              of: (r: RecordRow) => r.requestIndex,
            },
            {
              expr: Prisma.sql`t.position`,
              desc,
              outer: Prisma.sql`x.position`,
              of: (r: RecordRow) => r.position,
            },
          ]
        : []),
    ];
    const cursorKeys = 1 + inJob.length;
    const after = decodeCursor(q.after, cursorKeys);
    const before = after ? null : decodeCursor(q.before, cursorKeys);
    const c = after ?? before;
    const forward = !before;
    const offset = c ? 0 : (q.page - 1) * RECORDS_PAGE;
    const jobNumber = (c?.[0] ?? null) as number | null;
    const jobs = Prisma.join(
      [
        q.job ? Prisma.sql`j.id = ${q.job}` : Prisma.sql`TRUE`,
        c ? Prisma.sql`j.number ${Prisma.raw(forward ? "<=" : ">=")} ${jobNumber}` : Prisma.sql`TRUE`,
      ],
      " AND ",
    );
    // In the cursor's job, also a plain bound on the first key (seq, or the request's index for discarded
    // records; never NULL in those states) that the index scan starts from, rather than reading the job from
    // its start and filtering (the keyset condition itself is an OR the index cannot use).
    const first = inJob[0] as Key;
    const firstValue = c?.[1];
    const up = first.desc !== forward; // the first key grows along the walk
    const bound =
      c && q.status !== "all" && typeof firstValue === "number"
        ? Prisma.sql`AND ${first.expr} ${Prisma.raw(up ? ">=" : "<=")} CASE WHEN j.number = ${jobNumber} THEN ${firstValue}::int ELSE ${Prisma.raw(up ? "-2147483648" : "2147483647")} END`
        : Prisma.empty;
    const within = c
      ? Prisma.sql`AND (j.number <> ${jobNumber} OR ${beyond(inJob, c.slice(1), forward)}) ${bound}`
      : Prisma.empty;
    const outer: Key[] = [{ expr: Prisma.sql`j.number`, desc: true }, ...inJob];
    // Discarded records (one in several) in request order: walk the job's requests in order and look up
    // each one's tasks (OFFSET 0 keeps the planner from turning it back into a join that sorts every
    // discarded record of the job: 240 ms a page over the fixture, then a few ms).
    const from =
      q.status === "discarded"
        ? Prisma.sql`"GenerationRequest" r CROSS JOIN LATERAL (
              SELECT * FROM "GeneratedTask" t WHERE t."requestId" = r.id AND NOT t.kept ORDER BY t.position OFFSET 0) t`
        : Prisma.sql`"GeneratedTask" t JOIN "GenerationRequest" r ON r.id = t."requestId"`;
    // The request's job is named where the walk goes through requests (discarded records, and all records,
    // ordered by request after seq). For kept records it adds nothing (the task's job is the request's) but
    // the planner took it for a further filter, expected a twentieth of the rows, and preferred the bitmaps.
    const requestInJob = byRequest ? Prisma.sql`AND r."jobId" = j.id` : Prisma.empty;
    const rows = Prisma.sql`
      SELECT x.*, j.number AS "jobNumber"
        FROM "GenerationJob" j
        CROSS JOIN LATERAL (
          SELECT ${SELECT_ROW}
            FROM ${from}
            ${SIGNALS_JOIN}
           WHERE t."jobId" = j.id ${requestInJob} AND ${where} ${within}
           ORDER BY ${orderOf(inJob, forward)}
           LIMIT ${offset + limit}) x
       WHERE ${jobs}
       ORDER BY ${orderOf(outer, forward, true)}
       LIMIT ${limit} OFFSET ${offset}`;
    const cursorOf = (r: RecordRow): CursorValue[] => [r.jobNumber, ...inJob.map((k) => k.of(r))];
    return { rows, count, cursorOf, backward: !forward };
  }

  // By ROUGE-L, by length or by rating, across jobs: an index on (column, id) gives the order both ways, ties
  // (same score or length) by record id in the sort's direction (migration 20261203142451_record_sort_indexes).
  // Ties went by job number first, which no index on the record carries: every tie was read and sorted (the
  // fixture's 857,000 kept records all have 11-word instructions: 1.5 s a page; now under 1 ms, EXPLAIN there).
  // Unscored records (NULL) come last either way.
  const column =
    q.sort === "rouge"
      ? Prisma.sql`t."maxRougeL"`
      : q.sort === "rating"
        ? Prisma.sql`t."qualityScore"`
        : LENGTH_COL[q.lenOf];
  const nullable = q.sort === "rouge" || q.sort === "rating";
  const after = decodeCursor(q.after, 2);
  const before = after ? null : decodeCursor(q.before, 2);
  const c = after ?? before;
  const forward = !before;
  const offset = c ? 0 : (q.page - 1) * RECORDS_PAGE;
  // The walk along the index: the sort's direction, reversed going back.
  const up = desc !== forward;
  const dir = Prisma.raw(up ? "ASC" : "DESC");
  const cmp = Prisma.raw(up ? ">" : "<");
  // Where the page is, as one or two segments each read from one end of the index: scores, and NULL scores
  // (after them going forward, before them going back). A segment seeks to the cursor by a row comparison, an
  // index condition (an OR of the keys' comparisons is only a filter: the walk read every record before the
  // cursor), and a segment's order is the index's own, forward or backward, with no NULLS clause to match.
  const seek = c && Prisma.sql`(${column}, t.id) ${cmp} (${c[0]}, ${c[1]})`;
  const nullsAfter = c ? Prisma.sql`${column} IS NULL AND t.id ${cmp} ${c[1]}` : null;
  const scored = Prisma.sql`${column} IS NOT NULL`;
  const unscored = Prisma.sql`${column} IS NULL`;
  const segments: Prisma.Sql[] = !nullable
    ? [seek ?? Prisma.sql`TRUE`]
    : !c
      ? [scored, unscored]
      : c[0] === null
        ? forward
          ? [nullsAfter as Prisma.Sql]
          : [nullsAfter as Prisma.Sql, scored]
        : forward
          ? [seek as Prisma.Sql, unscored]
          : [seek as Prisma.Sql];
  const select = (segment: Prisma.Sql, lim: number, off: number) => Prisma.sql`
      SELECT ${SELECT_ROW}, j.number AS "jobNumber"
        FROM "GeneratedTask" t
        JOIN "GenerationJob" j ON j.id = t."jobId"
        JOIN "GenerationRequest" r ON r.id = t."requestId"
        ${SIGNALS_JOIN}
       WHERE ${where} AND ${segment}
       ORDER BY ${column} ${dir}, t.id ${dir}
       LIMIT ${lim} OFFSET ${off}`;
  const rows =
    segments.length === 1
      ? select(segments[0] as Prisma.Sql, limit, offset)
      : Prisma.sql`
      SELECT * FROM (${Prisma.join(
        segments.map((s) => Prisma.sql`(${select(s, offset + limit, 0)})`),
        " UNION ALL ",
      )}) u
       ORDER BY ${Prisma.raw(q.sort === "rouge" ? `u."maxRougeL"` : `u."qualityScore"`)} ${dir} ${Prisma.raw(forward ? "NULLS LAST" : "NULLS FIRST")}, u.id ${dir}
       LIMIT ${limit} OFFSET ${offset}`;
  const cursorOf = (r: RecordRow): CursorValue[] => [
    q.sort === "rouge"
      ? r.maxRougeL
      : q.sort === "rating"
        ? r.qualityScore
        : q.lenOf === "input"
          ? r.inputWords
          : q.lenOf === "output"
            ? r.outputWords
            : r.instructionWords,
    r.id,
  ];
  return { rows, count, cursorOf, backward: !forward };
}

export async function listRecords(q: RecordQuery): Promise<RecordPage> {
  const sql = recordPageSql(q);
  const [found, count] = await Promise.all([
    db.$queryRaw<RecordRow[]>(sql.rows),
    db.$queryRaw<{ n: number }[]>(sql.count),
  ]);
  const rows = sql.backward ? found.reverse() : found;
  const matched = count[0]?.n ?? 0;
  const totalIsLowerBound = matched > COUNT_CAP;
  const total = Math.min(matched, COUNT_CAP);
  const pages = Math.max(1, Math.ceil(total / RECORDS_PAGE));
  const [first, last] = [rows[0], rows.at(-1)];
  const more = q.page < pages || (totalIsLowerBound && rows.length === RECORDS_PAGE);
  return {
    rows,
    total,
    totalIsLowerBound,
    page: q.page,
    pages,
    next: last && more ? encodeRecordCursor(sql.cursorOf(last)) : null,
    prev: first && q.page > 1 ? encodeRecordCursor(sql.cursorOf(first)) : null,
  };
}

/**
 * The records before and after one in a list's order (the list it was opened from: its filters and sort), for
 * Previous and Next on a record's page: the list's own keyset walk from the record's keys, one row each way.
 * A record the filters do not match (edited since, or opened from elsewhere) still has its place in the order.
 */
export async function recordNeighbours(
  q: RecordQuery,
  id: string,
): Promise<{ prev: string | null; next: string | null }> {
  const [row] = await db.$queryRaw<RecordRow[]>`
    SELECT ${SELECT_ROW}, j.number AS "jobNumber"
      FROM "GeneratedTask" t
      JOIN "GenerationJob" j ON j.id = t."jobId"
      JOIN "GenerationRequest" r ON r.id = t."requestId"
      ${SIGNALS_JOIN}
     WHERE t.id = ${id}`;
  if (!row) return { prev: null, next: null };
  const at = { ...q, page: 1, after: undefined, before: undefined };
  const cursor = encodeRecordCursor(recordPageSql(at).cursorOf(row));
  const [after, before] = await Promise.all([
    db.$queryRaw<RecordRow[]>(recordPageSql({ ...at, after: cursor }, 1).rows),
    db.$queryRaw<RecordRow[]>(recordPageSql({ ...at, before: cursor }, 1).rows),
  ]);
  return { prev: before[0]?.id ?? null, next: after[0]?.id ?? null };
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
