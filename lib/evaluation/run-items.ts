import "server-only";
import { db } from "@/lib/db";
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

/** `raw: false`: without the judge's raw answers (the summary needs none; they are most of the bytes read). */
export async function loadRunItems(
  run: RunKeys,
  opts: { itemId?: string; raw?: boolean } = {},
): Promise<RunItem[]> {
  const items = await db.testItem.findMany({
    where: { versionId: run.versionId, ...(opts.itemId && { id: opts.itemId }) },
    orderBy: { position: "asc" },
    include: { references: { where: { model: run.referenceModel } } },
  });
  const candKeys = new Map(items.map((i) => [candidateCallKey(run.candidateKey, i.id), i.id]));
  const candidates = new Map<string, string>();
  for (const row of await db.evalCall.findMany({
    where: { key: { in: [...candKeys.keys()] }, status: "DONE" },
    select: { key: true, output: true },
  })) {
    const itemId = candKeys.get(row.key);
    if (itemId && row.output !== null) candidates.set(itemId, row.output);
  }
  const judge = runJudgeKey(run);
  const judgeKeys = new Map<string, { itemId: string; order: JudgeOrder }>();
  for (const item of items) {
    const candidate = candidates.get(item.id);
    const reference = item.references[0]?.answer;
    if (candidate === undefined || reference === undefined) continue;
    for (const order of JUDGE_ORDERS) {
      judgeKeys.set(judgeCallKey(judge, item.id, { candidate, reference }, order), {
        itemId: item.id,
        order,
      });
    }
  }
  const verdicts = new Map<string, OrderVerdicts>();
  const raw = new Map<string, RunItem["raw"]>();
  for (const row of await db.evalCall.findMany({
    where: { key: { in: [...judgeKeys.keys()] }, status: "DONE" },
    select: { key: true, output: true, raw: opts.raw !== false },
  })) {
    const at = judgeKeys.get(row.key);
    if (!at) continue;
    const v = verdicts.get(at.itemId) ?? {};
    v[at.order] = outcomeOf(at.order, (row.output as Verdict | null) ?? null);
    verdicts.set(at.itemId, v);
    const r = raw.get(at.itemId) ?? {};
    r[at.order] = (row.raw as string[] | undefined) ?? [];
    raw.set(at.itemId, r);
  }
  return items.map((item) => ({
    id: item.id,
    position: item.position,
    externalId: item.externalId,
    instruction: item.instruction,
    input: item.input,
    difficulty: item.difficulty,
    topic: item.topic,
    view: item.view,
    taskType: item.taskType,
    reference: item.references[0]?.answer ?? null,
    candidate: candidates.get(item.id) ?? null,
    verdicts: verdicts.get(item.id) ?? {},
    raw: raw.get(item.id) ?? {},
  }));
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
