import "server-only";
import { db } from "@/lib/db";
import { responseSignals } from "./signals";

// Cheap signals stored beside every answered record (RecordSignals), computed from its current text (a
// reviewer's edit, else the original). Written when responses are stored (the generation driver) and when a
// record is curated; a row whose curationVersion is behind its record's, or missing (records made before
// signals existed), is recomputed by `refreshSignals`, which the worker runs in batches at start
// (lib/workers.ts) and rating jobs run over their records before they start.

type Row = {
  id: string;
  instruction: string;
  input: string;
  output: string;
  taskType: string;
  curationVersion: number;
};

/** Computes and stores the signals of the given records, or (no ids) of up to `limit` stale ones. */
export async function refreshSignals(
  opts: { taskIds?: string[]; jobId?: string; limit?: number } = {},
): Promise<number> {
  const limit = opts.limit ?? 500;
  const ids = opts.taskIds ?? null;
  const rows = await db.$queryRaw<Row[]>`
    SELECT t.id, COALESCE(t."curatedInstruction", t.instruction) AS instruction,
           COALESCE(t."curatedInput", t.input) AS input, COALESCE(t."curatedOutput", t.output) AS output,
           t."taskType", t."curationVersion"
      FROM "GeneratedTask" t LEFT JOIN "RecordSignals" s ON s."taskId" = t.id
     WHERE t.kept AND t."responseStatus" = 'DONE' AND t.output IS NOT NULL
       AND (${ids}::text[] IS NULL OR t.id = ANY(${ids}::text[]))
       AND (${opts.jobId ?? null}::text IS NULL OR t."jobId" = ${opts.jobId ?? null})
       AND (s."taskId" IS NULL OR s."curationVersion" <> t."curationVersion")
     LIMIT ${ids ? ids.length : limit}`;
  if (!rows.length) return 0;
  const computed = rows.map((r) => {
    const s = responseSignals({
      instruction: r.instruction,
      input: r.input,
      output: r.output,
      taskType: r.taskType,
    });
    return {
      taskId: r.id,
      curationVersion: r.curationVersion,
      words: s.words,
      chars: s.chars,
      refusal: s.phrases.refusal,
      disclaimer: s.phrases.disclaimer,
      patterns: s.phrases.patterns,
      rougeLInstruction: s.rougeLInstruction,
      multipleChoice: s.multipleChoice,
      missingAnswerLine: s.missingAnswerLine,
      languageMismatch: s.language.mismatch,
    };
  });
  await db.$transaction(async (tx) => {
    await tx.recordSignals.deleteMany({ where: { taskId: { in: computed.map((c) => c.taskId) } } });
    await tx.recordSignals.createMany({ data: computed, skipDuplicates: true });
  });
  return computed.length;
}

/** Every stale record, batch by batch (the worker's backfill; a rating job's own records before it starts). */
export async function refreshAllSignals(
  opts: { jobId?: string; signal?: AbortSignal } = {},
): Promise<number> {
  let total = 0;
  for (;;) {
    if (opts.signal?.aborted) return total;
    const n = await refreshSignals({ jobId: opts.jobId, limit: 500 });
    total += n;
    if (n === 0) return total;
  }
}
