import "server-only";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { PromptTemplate } from "@/lib/quality/template";
import { candidateCallKey, judgeCallKey, judgeKey } from "./cache-keys";
import { judgedInstruction } from "./judge-prompt";
import type { Verdict } from "./parse-verdict";
import { evaluationResult } from "./result";
import { JUDGE_ORDERS, type JudgedItem, type JudgeOrder, type OrderVerdicts, outcomeOf } from "./scoring";

// A run's items as the cache holds them: for each item of the test set version, the reference answer, the
// candidate's answer and both verdicts (absent until judged). Everything a run shows (progress, results,
// pages, downloads) is read from here, so a run that found its calls in the cache shows the same as the
// run that paid for them.

export type RunKeys = {
  id: string;
  versionId: string;
  referenceModel: string;
  candidateKey: string;
  judgeModel: string;
  judgePromptVersion: number;
  judgeTemplate: unknown;
};

export type RunItem = {
  id: string;
  position: number;
  externalId: string | null;
  instruction: string;
  input: string;
  difficulty: number | null;
  topic: string | null;
  view: string | null;
  taskType: string | null;
  reference: string | null;
  candidate: string | null;
  verdicts: OrderVerdicts;
  /** the judge's raw answers per order (a retried order has two) */
  raw: Partial<Record<JudgeOrder, string[]>>;
};

export const runJudgeKey = (run: RunKeys) =>
  judgeKey(run.judgeModel, run.judgePromptVersion, run.judgeTemplate as PromptTemplate);

/** A test item as read for a run: its row with the run's reference answer (at most one). */
export type TestItemRow = Prisma.TestItemGetPayload<{ include: { references: true } }>;

/** The test items of a run's version in order, each with the run's reference answer. */
export function loadTestItemRows(run: Pick<RunKeys, "versionId" | "referenceModel">, itemId?: string) {
  return db.testItem.findMany({
    where: { versionId: run.versionId, ...(itemId && { id: itemId }) },
    orderBy: { position: "asc" },
    include: { references: { where: { model: run.referenceModel } } },
  });
}

/** A stored call as the run's items need it: its output (null: unparsed, or no answer) and raw answers. */
export type StoredCall = { output: string | null; raw?: string[] };

/**
 * The run's items from its test item rows and the calls answered, looked up by cache key: the one way both the
 * pages (from the database, loadRunItems) and a finishing drive (from the answers it holds) assemble them.
 * Candidate keys are asked for first; a judge key only for an item with a candidate and a reference.
 */
export function assembleRunItems(
  run: RunKeys,
  rows: readonly TestItemRow[],
  lookup: { candidate(key: string): StoredCall | undefined; judge(key: string): StoredCall | undefined },
): RunItem[] {
  const judge = runJudgeKey(run);
  return rows.map((item) => {
    const reference = item.references[0]?.answer ?? null;
    const candidate = lookup.candidate(candidateCallKey(run.candidateKey, item.id))?.output ?? null;
    const verdicts: OrderVerdicts = {};
    const raw: RunItem["raw"] = {};
    if (candidate !== null && reference !== null)
      for (const order of JUDGE_ORDERS) {
        const call = lookup.judge(judgeCallKey(judge, item.id, { candidate, reference }, order));
        if (!call) continue;
        verdicts[order] = outcomeOf(order, (call.output as Verdict | null) ?? null);
        raw[order] = call.raw ?? [];
      }
    return {
      id: item.id,
      position: item.position,
      externalId: item.externalId,
      instruction: item.instruction,
      input: item.input,
      difficulty: item.difficulty,
      topic: item.topic,
      view: item.view,
      taskType: item.taskType,
      reference,
      candidate,
      verdicts,
      raw,
    };
  });
}

/** `raw: false`: without the judge's raw answers (the summary needs none; they are most of the bytes read). */
export async function loadRunItems(
  run: RunKeys,
  opts: { itemId?: string; raw?: boolean } = {},
): Promise<RunItem[]> {
  const rows = await loadTestItemRows(run, opts.itemId);
  const candidates = await doneCalls(
    rows.map((i) => candidateCallKey(run.candidateKey, i.id)),
    false,
  );
  const judge = runJudgeKey(run);
  const judgeKeys: string[] = [];
  for (const item of rows) {
    const candidate = candidates.get(candidateCallKey(run.candidateKey, item.id))?.output ?? null;
    const reference = item.references[0]?.answer;
    if (candidate === null || reference === undefined) continue;
    for (const order of JUDGE_ORDERS)
      judgeKeys.push(judgeCallKey(judge, item.id, { candidate, reference }, order));
  }
  const verdicts = await doneCalls(judgeKeys, opts.raw !== false);
  return assembleRunItems(run, rows, { candidate: (k) => candidates.get(k), judge: (k) => verdicts.get(k) });
}

/** The calls among `keys` that are DONE, by key. */
async function doneCalls(keys: string[], raw: boolean): Promise<Map<string, StoredCall>> {
  const rows = await db.evalCall.findMany({
    where: { key: { in: keys }, status: "DONE" },
    select: { key: true, output: true, raw },
  });
  return new Map(rows.map((r) => [r.key, { output: r.output, raw: r.raw as string[] | undefined }]));
}

/** The scoring's view of the items. An id that was a number in the file is a number again. */
export function judgedItems(items: readonly RunItem[]): JudgedItem[] {
  return items.map((item) => ({
    externalId:
      item.externalId === null
        ? null
        : /^(0|[1-9]\d{0,14})$/.test(item.externalId)
          ? Number(item.externalId)
          : item.externalId,
    instruction: judgedInstruction(item),
    difficulty: item.difficulty,
    topic: item.topic,
    taskType: item.taskType,
    candidate: item.candidate ?? "",
    reference: item.reference ?? "",
    verdicts: item.verdicts,
  }));
}

export async function runResult(run: RunKeys) {
  return evaluationResult(judgedItems(await loadRunItems(run)));
}
