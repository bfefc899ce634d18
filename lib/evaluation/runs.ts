import "server-only";
import { recordAudit } from "@/lib/audit/record";
import type { Actor } from "@/lib/auth/actor";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import { checkRaisedBudget } from "@/lib/generation/budget";
import { trustedEndpoints, trustIn } from "@/lib/generation/phi-trust";
import { priceOf } from "@/lib/generation/prices";
import { loadPrices } from "@/lib/generation/prices-store";
import type { PromptTemplate } from "@/lib/quality/template";
import { candidateCallKey, endpointCandidateKey, fileCandidateKey } from "./cache-keys";
import { parseCandidateOutputs } from "./candidate-outputs";
import { firstIdentifier, screenTestItems } from "./identifier-screen";
import { currentJudgePrompt, judgePromptVersion } from "./judge-prompts";
import { type ApiKeyInput, type SealedKey, sealRunKey } from "./run-keys";
import {
  type EvalSettings,
  type EvalSettingsInput,
  evalSettingsSchema,
  runEndpoints,
  settingsProblems,
} from "./settings";
import { frozenVersionOf, referenceNames } from "./testsets";

// Recording an evaluation run: the frozen version, the reference every item is judged against, where the
// candidate's answers come from (an endpoint, or an uploaded outputs file stored into the cache at once),
// the judge and its template, the settings and the cost estimate.

export type StartEvalInput = {
  testset: string;
  reference: string;
  candidate: { model: string; baseUrl: string } | { fileName: string; text: string };
  judgeModel: string;
  settings?: Omit<EvalSettingsInput, "candidateBaseUrl">;
  /** the judge template's version; the newest when absent */
  judgePromptVersion?: number;
  /**
   * API keys kept with the run (sealed with MEDSEED_ENCRYPTION_KEY, opened only by the worker): a key typed
   * for this run, or a stored provider key. Without one the worker's environment gives the key.
   */
  keys?: { candidate?: ApiKeyInput; judge?: ApiKeyInput };
};

export type EvalEstimate = {
  items: number;
  /** calls still to pay for (cached ones left out) */
  calls: { candidate: number; judge: number };
  promptTokens: number;
  completionTokens: number;
  usd: number;
  /** models without a price in the table, counted as free (a local model) */
  unpriced: string[];
  /**
   * The candidate's answers already in the cache (same test set version, model name and decoding), which the
   * run reuses instead of asking, and the URLs they were asked of.
   */
  cached: { answers: number; baseUrls: string[] };
  /**
   * Items whose question or chosen reference holds a possible patient identifier nobody resolved
   * (identifier-screen.ts), the first of them, and the endpoints they would go to that are not marked trusted:
   * with any, the run's PHI gate pauses it at the first such item. The candidate's answers are screened as they
   * come.
   */
  identifiers: { items: number; first: string | null; untrusted: string[] };
};

export type PreparedRun = {
  version: { id: string; number: number };
  testSetName: string;
  items: {
    id: string;
    externalId: string | null;
    position: number;
    instruction: string;
    input: string;
    reference: string;
  }[];
  settings: EvalSettings;
  candidateModel: string;
  candidateSource: "endpoint" | "file";
  candidateKey: string;
  /** uploaded answers by item id; absent for endpoint runs */
  fileOutputs?: Map<string, string>;
  unmatched: { rows: { line: number; instruction: string }[]; missingItems: number };
  judgePrompt: { version: number; template: PromptTemplate };
  keys: { candidate: SealedKey | null; judge: SealedKey | null };
};

const tokens = (text: string) => Math.ceil(text.length / 4);

export async function prepareRun(input: StartEvalInput): Promise<PreparedRun> {
  const parsed = evalSettingsSchema.safeParse({
    ...input.settings,
    ...("baseUrl" in input.candidate && { candidateBaseUrl: input.candidate.baseUrl }),
  });
  if (!parsed.success) {
    throw new AppError("INVALID", settingsProblems(parsed.error));
  }
  if (!input.judgeModel.trim()) throw new AppError("INVALID", "Name the judge model.");
  if (input.keys?.candidate && !("model" in input.candidate))
    throw new AppError(
      "INVALID",
      "A candidate API key is only used to ask an endpoint: leave it out for an uploaded outputs file.",
    );
  const prompt =
    input.judgePromptVersion === undefined
      ? await currentJudgePrompt()
      : await judgePromptVersion(input.judgePromptVersion);
  const judgePrompt = { version: prompt.version, template: { system: prompt.system, user: prompt.user } };
  const keys = {
    candidate: input.keys?.candidate ? await sealRunKey(input.keys.candidate, "candidate") : null,
    judge: input.keys?.judge ? await sealRunKey(input.keys.judge, "judge") : null,
  };
  const { set, version } = await frozenVersionOf(input.testset);
  const rows = await db.testItem.findMany({
    where: { versionId: version.id },
    orderBy: { position: "asc" },
    include: { references: true },
  });
  const reference = input.reference.trim();
  const missing = rows.filter((r) => !r.references.some((ref) => ref.model === reference));
  if (missing.length) {
    const names = referenceNames(rows).join(", ");
    throw new AppError(
      "INVALID",
      `${missing.length} of ${rows.length} items have no reference "${reference}". References in "${set.name}": ${names || "none"}.`,
    );
  }
  const items = rows.map((r) => ({
    id: r.id,
    externalId: r.externalId,
    position: r.position,
    instruction: r.instruction,
    input: r.input,
    reference: r.references.find((ref) => ref.model === reference)?.answer as string,
  }));

  if ("model" in input.candidate) {
    const model = input.candidate.model.trim();
    if (!model) throw new AppError("INVALID", "Name the candidate model.");
    return {
      version,
      testSetName: set.name,
      items,
      settings: parsed.data,
      candidateModel: model,
      candidateSource: "endpoint",
      candidateKey: endpointCandidateKey(version.id, model, parsed.data.decoding),
      unmatched: { rows: [], missingItems: 0 },
      judgePrompt,
      keys,
    };
  }
  const outputs = await parseCandidateOutputs(input.candidate.text, items, {
    fileName: input.candidate.fileName,
  });
  if (!outputs.ok) {
    const shown = outputs.errors
      .slice(0, 10)
      .map((e) => `line ${e.line}: ${e.message}`)
      .join("\n");
    throw new AppError("INVALID", `The outputs file cannot be used:\n${shown}`);
  }
  const fileOutputs = new Map<string, string>();
  outputs.byItem.forEach((row, i) => {
    if (row) fileOutputs.set((items[i] as { id: string }).id, row.output);
  });
  if (!fileOutputs.size)
    throw new AppError("INVALID", "No row of the outputs file matches an item of the test set.");
  return {
    version,
    testSetName: set.name,
    items,
    settings: parsed.data,
    candidateModel: outputs.generator,
    candidateSource: "file",
    candidateKey: fileCandidateKey(
      version.id,
      items.map((i) => fileOutputs.get(i.id) ?? null),
    ),
    fileOutputs,
    unmatched: { rows: outputs.unmatched, missingItems: outputs.missing.length },
    judgePrompt,
    keys,
  };
}

/** What the run would still cost: cached candidate answers are left out (verdicts are counted in full). */
export async function estimateRun(prepared: PreparedRun, judgeModel: string): Promise<EvalEstimate> {
  const [prices, identifiers] = await Promise.all([loadPrices(), identifiersOf(prepared)]);
  // Only the URL out of each cached request (not its messages: the whole prompt of every item).
  const cachedCalls = await db.$queryRaw<{ itemId: string; baseUrl: string | null }[]>`
    SELECT "itemId", request->>'baseUrl' AS "baseUrl" FROM "EvalCall"
     WHERE key = ANY(${prepared.items.map((i) => candidateCallKey(prepared.candidateKey, i.id))}::text[])
       AND status = 'DONE'`;
  const cached = new Set(cachedCalls.map((r) => r.itemId));
  const cachedUrls = [...new Set(cachedCalls.flatMap((r) => (r.baseUrl ? [r.baseUrl] : [])))].sort();
  const template = tokens(prepared.judgePrompt.template.system + prepared.judgePrompt.template.user);
  const maxTokens = prepared.settings.decoding.maxTokens;
  let candidateCalls = 0;
  let candidatePrompt = 0;
  let candidateCompletion = 0;
  let judgePrompt = 0;
  for (const item of prepared.items) {
    const question = tokens(item.instruction) + tokens(item.input);
    // An answer is assumed as long as the reference (the cap when that is longer).
    const answer = prepared.fileOutputs?.get(item.id) ?? null;
    const answerTokens = answer === null ? Math.min(maxTokens, tokens(item.reference)) : tokens(answer);
    if (prepared.candidateSource === "endpoint" && !cached.has(item.id)) {
      candidateCalls++;
      candidatePrompt += question;
      candidateCompletion += answerTokens;
    }
    judgePrompt += 2 * (template + question + tokens(item.reference) + answerTokens);
  }
  const judgeCalls = 2 * (prepared.fileOutputs?.size ?? prepared.items.length);
  const judgeCompletion = judgeCalls * 5;
  // A model without a price (a local fine-tune) counts as free, and is named so the estimate says so.
  const judgePrice = priceOf(prices, judgeModel);
  const candidatePrice = candidateCalls ? priceOf(prices, prepared.candidateModel) : { input: 0, output: 0 };
  const unpriced = [
    ...(judgePrice ? [] : [judgeModel]),
    ...(candidatePrice ? [] : [prepared.candidateModel]),
  ];
  const usd =
    ((judgePrice?.input ?? 0) * judgePrompt +
      (judgePrice?.output ?? 0) * judgeCompletion +
      (candidatePrice?.input ?? 0) * candidatePrompt +
      (candidatePrice?.output ?? 0) * candidateCompletion) /
    1_000_000;
  return {
    items: prepared.items.length,
    calls: { candidate: candidateCalls, judge: judgeCalls },
    promptTokens: candidatePrompt + judgePrompt,
    completionTokens: candidateCompletion + judgeCompletion,
    usd,
    unpriced,
    cached: {
      answers: prepared.candidateSource === "endpoint" ? cached.size : 0,
      baseUrls: prepared.candidateSource === "endpoint" ? cachedUrls : [],
    },
    identifiers,
  };
}

/** The estimate's identifier screen: the run's items as its PHI gate would meet them, and where they would go. */
async function identifiersOf(prepared: PreparedRun): Promise<EvalEstimate["identifiers"]> {
  const [screen, trusted] = await Promise.all([
    screenTestItems(
      prepared.items.map((i) => ({ ...i, references: [{ model: "reference", answer: i.reference }] })),
    ),
    trustedEndpoints(),
  ]);
  if (!screen.items.length) return { items: 0, first: null, untrusted: [] };
  const { candidate, judge } = runEndpoints(prepared.candidateSource, prepared.settings);
  const judgeTrusted = trustIn(trusted, judge);
  // The candidate is sent the question only.
  const asked = screen.items.filter((i) => i.question.length);
  const candidateStops = candidate !== null && asked.length > 0 && !trustIn(trusted, candidate);
  const untrusted = [
    ...(candidateStops && candidate ? [`the candidate's endpoint (${candidate.baseUrl})`] : []),
    ...(judgeTrusted ? [] : [`the judge's endpoint (${judge.baseUrl ?? "OpenAI's API"})`]),
  ];
  // What would stop the run: every finding while the judge (sent them all) is not trusted; with the judge
  // trusted and the candidate not, only the questions' (the references' go to the trusted judge).
  const stopping = judgeTrusted && candidateStops ? { items: asked } : screen;
  return { items: stopping.items.length, first: firstIdentifier(stopping), untrusted };
}

export async function createRun(
  actor: Actor,
  prepared: PreparedRun,
  input: { reference: string; judgeModel: string },
): Promise<{ id: string; number: number; estimate: EvalEstimate }> {
  const estimate = await estimateRun(prepared, input.judgeModel);
  const run = await db.$transaction(async (tx) => {
    const created = await tx.evalRun.create({
      data: {
        versionId: prepared.version.id,
        referenceModel: input.reference.trim(),
        candidateSource: prepared.candidateSource,
        candidateModel: prepared.candidateModel,
        settings: prepared.settings as unknown as Prisma.InputJsonValue,
        candidateKey: prepared.candidateKey,
        judgeModel: input.judgeModel.trim(),
        judgePromptVersion: prepared.judgePrompt.version,
        judgeTemplate: prepared.judgePrompt.template,
        unmatched: prepared.unmatched as unknown as Prisma.InputJsonValue,
        items: prepared.items.length,
        estimateUsd: estimate.usd,
        budgetUsd: prepared.settings.budgetUsd ?? null,
        creatorId: actor.id,
        candidateKeyBox: prepared.keys.candidate?.box ?? null,
        candidateKeyHint: prepared.keys.candidate?.hint ?? null,
        judgeKeyBox: prepared.keys.judge?.box ?? null,
        judgeKeyHint: prepared.keys.judge?.hint ?? null,
      },
      select: { id: true, number: true },
    });
    if (prepared.fileOutputs) {
      // An uploaded answer is a candidate call already made: stored in the cache, nothing to ask.
      await tx.evalCall.createMany({
        data: [...prepared.fileOutputs].map(([itemId, output]) => ({
          key: candidateCallKey(prepared.candidateKey, itemId),
          kind: "candidate",
          itemId,
          status: "DONE" as const,
          output,
          raw: [output],
          request: { source: "file", generator: prepared.candidateModel },
          doneAt: new Date(),
        })),
        skipDuplicates: true,
      });
    }
    await recordAudit(
      {
        actorId: actor.id,
        action: "evaluation.start",
        targetType: "EvalRun",
        targetId: created.id,
        after: {
          number: created.number,
          testset: prepared.testSetName,
          version: prepared.version.number,
          reference: input.reference,
          candidate: prepared.candidateModel,
          judge: input.judgeModel,
          judgePromptVersion: prepared.judgePrompt.version,
          // which keys came with the run, by their last characters (never the key)
          candidateKey: prepared.keys.candidate?.hint ?? null,
          judgeKey: prepared.keys.judge?.hint ?? null,
        },
      },
      tx,
    );
    return created;
  });
  return { ...run, estimate };
}

export async function findRunId(ref: string): Promise<string> {
  const number = /^#?\d+$/.test(ref.trim()) ? Number(ref.trim().replace("#", "")) : null;
  const run = await db.evalRun.findFirst({
    where: number !== null ? { number } : { id: ref },
    select: { id: true },
  });
  if (!run)
    throw new AppError("NOT_FOUND", `There is no evaluation run ${number !== null ? `#${number}` : ref}.`);
  return run.id;
}

type Transition = "pause" | "resume" | "cancel";
const FROM: Record<Transition, ("QUEUED" | "RUNNING" | "PAUSED" | "FAILED")[]> = {
  pause: ["QUEUED", "RUNNING"],
  resume: ["PAUSED", "FAILED"],
  cancel: ["QUEUED", "RUNNING", "PAUSED", "FAILED"],
};
const TO = { pause: "PAUSED", resume: "QUEUED", cancel: "CANCELLED" } as const;

/** Pause, resume (back to the queue, optionally with a new budget) or cancel a run, audited. */
export async function changeRunState(
  actor: Actor,
  runId: string,
  transition: Transition,
  opts: { budgetUsd?: number; reason?: string } = {},
): Promise<void> {
  const budgetUsd = transition === "resume" ? opts.budgetUsd : undefined;
  const { count } = await db.evalRun.updateMany({
    // A raised budget must stay above the spend at the moment of the resume (calls a pause let finish add to it).
    where: {
      id: runId,
      state: { in: FROM[transition] },
      ...(budgetUsd !== undefined && { costUsd: { lt: budgetUsd } }),
    },
    data: {
      state: TO[transition],
      ...(transition === "resume" && {
        error: null,
        ...(budgetUsd !== undefined && { budgetUsd }),
      }),
      ...(transition === "pause" && opts.reason && { error: opts.reason }),
      ...(transition === "cancel" && { finishedAt: new Date() }),
    },
  });
  if (!count) {
    const run = await db.evalRun.findUnique({ where: { id: runId }, select: { state: true, costUsd: true } });
    if (!run) throw new AppError("NOT_FOUND", "There is no such evaluation run.");
    // In a state that allows it: the budget was the reason.
    if ((FROM[transition] as string[]).includes(run.state)) checkRaisedBudget(budgetUsd, run.costUsd);
    throw new AppError("CONFLICT", `The run is ${run.state.toLowerCase()}: it cannot ${transition} now.`);
  }
  await recordAudit({
    actorId: actor.id,
    action: `evaluation.${transition}`,
    targetType: "EvalRun",
    targetId: runId,
  });
}
