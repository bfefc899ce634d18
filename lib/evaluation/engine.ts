import "server-only";
import { randomUUID } from "node:crypto";
import type pg from "pg";
import { db } from "@/lib/db";
import { pgPool } from "@/lib/db/pg";
import type { EvalRun, Prisma } from "@/lib/generated/prisma/client";
import { BUDGET_PAUSE_PREFIX } from "@/lib/generation/budget-pause";
import { openScreenedClient, trustedWarningRecorder } from "@/lib/generation/outbound";
import { trustedEndpoints, trustIn } from "@/lib/generation/phi-trust";
import { costUsd, type PriceTable } from "@/lib/generation/prices";
import { loadPrices } from "@/lib/generation/prices-store";
import {
  type ChatMessage,
  type CompletionRequest,
  type CompletionResult,
  classifyError,
  type LlmClient,
  PhiBlockedError,
  PhiMemo,
  type PhiSource,
  type ProviderConfig,
  ProviderError,
  prescreen,
  retryDelayMs,
  retryingIn,
  type ScreenedClient,
} from "@/lib/generation/provider";
import { resolvedKeys } from "@/lib/phi/resolutions";
import type { PromptTemplate } from "@/lib/quality/template";
import { candidateCallKey, judgeCallKey } from "./cache-keys";
import { itemLabel } from "./identifier-screen";
import { buildJudgeOrder, JUDGE_ATTEMPTS, JUDGE_MAX_TOKENS, JUDGE_TEMPERATURE } from "./judge-prompt";
import { parseVerdict } from "./parse-verdict";
import {
  assembleRunItems,
  judgedItems,
  loadTestItemRows,
  type RunKeys,
  runJudgeKey,
  type TestItemRow,
} from "./run-items";
import { openRunKey } from "./run-keys";
import { JUDGE_ORDERS, type JudgeOrder, summariseEvaluation } from "./scoring";
import { type EvalSettings, keyFromEnv, runEndpoints } from "./settings";

// Drives one evaluation run until every item is judged in both orders, or it is paused, cancelled or
// stopped. Every call goes through the shared cache (EvalCall): a DONE row is reused, a PENDING one is leased
// (one driver at a time, in any process), a RUNNING one whose lease ran out (its worker died) is taken over.
// So a re-run pays for nothing twice, and a killed worker's finished calls are never made again.
// Retries, backoff and Retry-After come from the generation provider layer.

export type EvalOutcome = "COMPLETED" | "PAUSED" | "CANCELLED" | "FAILED" | "STOPPED";

export type EvalDriveOptions = {
  /** stops driving (shutdown): calls in flight are abandoned and their leases given back */
  signal?: AbortSignal;
  /** keys for this drive only (the command line); otherwise the keys kept with the run, else the environment */
  candidateApiKey?: string;
  judgeApiKey?: string;
  log?: (line: string) => void;
  /** how long past the request timeout a lease lasts before another driver may take the call over */
  leaseMarginMs?: number;
  heartbeatMs?: number;
};

const LEASE_MARGIN_MS = () => Number(process.env.MEDSEED_EVAL_LEASE_MARGIN_MS ?? 30_000);
const HEARTBEAT_MS = () => Number(process.env.MEDSEED_EVAL_HEARTBEAT_MS ?? 2_000);
const TICK_MS = 300;
const STORE_DELAY_MS = 50;
/** test items screened between two turns of the event loop at a run's start */
const PRESCREEN_CHUNK = 24;

/**
 * The statements a drive sends while its calls are in flight (leases, stored answers, the ticker's counters),
 * through node-postgres rather than Prisma: Prisma's query interpreter took about 1 ms of the event loop a
 * statement (a profile of the evaluation bench: 110 ms over 76 statements), on the loop that reads the
 * answers and sends the next requests.
 */
async function hot<R extends object = object>(text: string, values: unknown[]): Promise<R[]> {
  return (await pgPool("engine").query<R & pg.QueryResultRow>(text, values)).rows;
}

class Stopped extends Error {}

/** `label`: how the run's page names it ("test item #3", or its id in the test set) */
type Item = { id: string; label: string; instruction: string; input: string; reference: string };
/** `key`: the call's cache key (EvalCall.key), computed once when the step is queued */
type Step =
  | { kind: "candidate"; item: Item; key: string }
  | { kind: "judge"; item: Item; order: JudgeOrder; candidate: string; key: string };
/** A call's answer as stored (EvalCall): its result, its cache key and its cost. */
type StoredAnswer = CallResult & { key: string; cost: number };
type CallResult = {
  request: Prisma.InputJsonValue;
  raw: string[];
  output: string | null;
  attempts: number;
  model: string;
  promptTokens: number;
  completionTokens: number;
};

export async function driveEvalRun(runId: string, opts: EvalDriveOptions = {}): Promise<EvalOutcome> {
  await db.evalRun.updateMany({
    where: { id: runId, state: "QUEUED" },
    data: { state: "RUNNING", startedAt: new Date(), heartbeatAt: new Date(), notice: null, noticeAt: null },
  });
  const run = await db.evalRun.findUniqueOrThrow({ where: { id: runId } });
  if (run.state !== "RUNNING") return run.state as EvalOutcome;
  const settings = run.settings as unknown as EvalSettings;
  const keys = await openKeys(run, opts);
  if (!keys) return "FAILED";
  const { rows, items, judgeKey, prices, cached, memo, candidateClient, judgeClient, sources } =
    await readRunStart(run, settings, keys);
  const driver = new EvalDriver({
    run,
    settings,
    rows,
    items,
    candidateClient,
    judgeClient,
    prices,
    cached,
    judgeKey,
    template: run.judgeTemplate as unknown as PromptTemplate,
    opts,
  });
  // The first calls are leased (a database round trip) while the candidate's answers already known (an outputs
  // file, a resumed run) are screened for the judge's requests and the gate is applied below.
  driver.prime();
  await new Promise<void>((resolve) => setImmediate(resolve));
  try {
    prescreen(
      items.flatMap((i) => {
        const candidate = cached.get(candidateCallKey(run.candidateKey, i.id));
        return candidate ? [itemSource(i, { candidate })] : [];
      }),
      memo,
    );
    // Before any request: every item goes out (to the candidate, and with its reference to the judge), so one
    // with an open finding pauses the run now, naming it, rather than after the requests that precede it.
    candidateClient?.screen(sources.candidate);
    judgeClient.screen(sources.judge);
  } catch (error) {
    await driver.giveBack();
    if (!(error instanceof PhiBlockedError)) throw error;
    await pauseForPhi(run.id, run.number, error, opts.log);
    return "PAUSED";
  }
  return driver.run();
}

/** The API keys a run is driven with, or null when one kept with it cannot be opened (the run has failed). */
async function openKeys(
  run: EvalRun,
  opts: EvalDriveOptions,
): Promise<{ candidate?: string; judge?: string } | null> {
  // Given for this drive (the command line), else kept with the run (sealed); with neither, readRunStart
  // takes the environment's.
  try {
    return {
      candidate: opts.candidateApiKey ?? openRunKey(run.candidateKeyBox, "candidate"),
      judge: opts.judgeApiKey ?? openRunKey(run.judgeKeyBox, "judge"),
    };
  } catch (error) {
    const message = (error as Error).message;
    await db.evalRun.updateMany({
      where: { id: run.id, state: "RUNNING" },
      data: { state: "FAILED", error: message },
    });
    opts.log?.(`run #${run.number} failed: ${message}`);
    return null;
  }
}

/** What a run's driver and its PHI gate start from (readRunStart). */
type RunStart = Pick<DriverCtx, "rows" | "items" | "judgeKey" | "prices" | "cached"> & {
  /** the texts screened so far (the judge's requests); the gate adds the candidate's answers already known */
  memo: PhiMemo;
  candidateClient: ScreenedClient | null;
  judgeClient: ScreenedClient;
  /** every item as each client sends it, for the gate before any request */
  sources: { candidate: PhiSource[]; judge: PhiSource[] };
};

/**
 * A run's start: its items, the resolutions, prices and calls already answered, the trusted endpoints, and
 * both clients behind the PHI gate, with the judge's requests screened meanwhile.
 */
async function readRunStart(
  run: EvalRun,
  settings: EvalSettings,
  keys: { candidate?: string; judge?: string },
): Promise<RunStart> {
  const endpoints = runEndpoints(run.candidateSource, settings);
  const candidateConfig: ProviderConfig | null = endpoints.candidate && {
    ...endpoints.candidate,
    apiKey: keys.candidate ?? keyFromEnv(true),
  };
  const judgeConfig: ProviderConfig = {
    ...endpoints.judge,
    apiKey: keys.judge ?? keyFromEnv(endpoints.judge.kind === "openai-compatible"),
  };
  // The start's reads overlap: every round trip before the first request delays every call of the run (the
  // bench's 432 calls lost 2 to 3% to a chain of them). The trusted endpoints are read with the items, once for
  // both clients...
  const trust = trustedEndpoints();
  trust.catch(() => {}); // awaited below
  const rows = await loadTestItemRows(run);
  const items: Item[] = rows.flatMap((r) => {
    const reference = r.references[0]?.answer;
    return reference === undefined
      ? []
      : [
          {
            id: r.id,
            label: itemLabel(r),
            instruction: r.instruction,
            input: r.input,
            reference,
          },
        ];
  });
  // ...then the resolutions the PHI gate needs, the prices and the calls already answered, while the texts
  // the run sends are screened (the detector needs no resolutions; they filter its findings in the gate).
  const judgeKey = runJudgeKey(run);
  const reads = Promise.all([
    resolvedKeys(
      "testitem",
      items.map((i) => i.id),
    ),
    loadPrices(),
    preloadCalls(run.candidateKey, judgeKey, items),
    trust,
  ]);
  reads.catch(() => {}); // awaited below
  const candidateSources = items.map((i) => itemSource(i, { instruction: i.instruction, input: i.input }));
  const judgeSources = items.map((i) =>
    itemSource(i, { instruction: i.instruction, input: i.input, reference: i.reference }),
  );
  const memo = new PhiMemo(); // findings depend on the text alone: one memo for both clients
  for (let at = 0; at < items.length; at += PRESCREEN_CHUNK) {
    // In slices, so the reads' answers are taken in between (a read is sent a few ticks after it is asked).
    await new Promise<void>((resolve) => setImmediate(resolve));
    prescreen(judgeSources.slice(at, at + PRESCREEN_CHUNK), memo);
  }
  const [resolved, prices, cached, trusted] = await reads;
  const candidateTrust = candidateConfig ? trustIn(trusted, candidateConfig) : null;
  const judgeTrust = trustIn(trusted, judgeConfig);
  // Both endpoints behind the PHI gate: a request carrying an open finding is not sent, the run pauses.
  const policy = {
    resolved,
    onWarning: trustedWarningRecorder((phiWarning) =>
      db.evalRun.update({ where: { id: run.id }, data: { phiWarning } }),
    ),
  };
  const candidateClient = candidateConfig
    ? (await openScreenedClient(candidateConfig, policy, { trusted: candidateTrust, memo })).client
    : null;
  const { client: judgeClient } = await openScreenedClient(judgeConfig, policy, {
    trusted: judgeTrust,
    memo,
  });
  return {
    rows,
    items,
    judgeKey,
    prices,
    cached,
    memo,
    candidateClient,
    judgeClient,
    sources: { candidate: candidateSources, judge: judgeSources },
  };
}

/**
 * Calls already answered, read in two queries at the start (candidate answers, then the verdicts on those
 * answers), so a resumed or repeated run spends no query per cached call. Through node-postgres (hot): Prisma
 * compiled a list of 432 keys in about 10 ms of the event loop, in the time before the first request.
 */
async function preloadCalls(
  candidateKey: string,
  judgeKey: string,
  items: readonly Item[],
): Promise<Map<string, string | null>> {
  const cached = new Map<string, string | null>();
  const done = (keys: string[]) =>
    hot<{ key: string; output: string | null }>(
      `SELECT key, output FROM "EvalCall" WHERE key = ANY($1::text[]) AND status = 'DONE'`,
      [keys],
    );
  for (const row of await done(items.map((i) => candidateCallKey(candidateKey, i.id))))
    cached.set(row.key, row.output);
  const judgeKeys: string[] = [];
  for (const item of items) {
    const candidate = cached.get(candidateCallKey(candidateKey, item.id));
    if (candidate === undefined || candidate === null) continue;
    for (const order of JUDGE_ORDERS)
      judgeKeys.push(judgeCallKey(judgeKey, item.id, { candidate, reference: item.reference }, order));
  }
  if (judgeKeys.length) for (const row of await done(judgeKeys)) cached.set(row.key, row.output);
  return cached;
}

const itemSource = (item: Item, fields: PhiSource["fields"]): PhiSource => ({
  targetType: "testitem",
  targetId: item.id,
  label: item.label,
  fields,
});

/** Paused by the PHI gate: the message (shown on the run's page) names the item, the field and the span. */
async function pauseForPhi(
  runId: string,
  number: number,
  error: PhiBlockedError,
  log?: (line: string) => void,
): Promise<void> {
  await db.evalRun.updateMany({
    where: { id: runId, state: "RUNNING" },
    data: { state: "PAUSED", error: error.message },
  });
  log?.(`run #${number} paused by the PHI gate: ${error.message}`);
}

type DriverCtx = {
  run: RunKeys & { number: number; candidateModel: string; candidateSource: string };
  settings: EvalSettings;
  /** the test item rows the items come from (the summary is assembled from them) */
  rows: TestItemRow[];
  items: Item[];
  candidateClient: LlmClient | null;
  judgeClient: LlmClient;
  prices: PriceTable;
  judgeKey: string;
  template: PromptTemplate;
  opts: EvalDriveOptions;
  /** the calls already answered (preloadCalls) */
  cached: Map<string, string | null>;
};

/** The run's notice while a call is retried: which call, which attempt, why, and when the next one goes. */
export function retryNotice(
  who: "candidate" | "judge",
  model: string,
  attempt: number,
  attempts: number,
  message: string,
  retryInMs: number,
): string {
  const caller = who === "judge" ? `The judge (${model})` : `The candidate model (${model})`;
  return `${caller} failed (attempt ${attempt} of ${attempts}): ${retryingIn(message, retryInMs)}.`;
}

/** A sleep of `ms` that wake(wakers) ends early. */
function sleep(ms: number, wakers: Set<() => void>): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      wakers.delete(done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    wakers.add(done);
  });
}

/** Ends every sleep registered in `wakers`. */
function wake(wakers: Set<() => void>): void {
  for (const done of [...wakers]) done();
}

class EvalDriver {
  private readonly owner = randomUUID();
  private readonly queue: Step[] = [];
  private active = 0;
  private stopping: EvalOutcome | null = null;
  private readonly inflight = new Set<AbortController>();
  /** sleeps that any change wakes (a call ended, work queued: the slots') */
  private readonly waiters = new Set<() => void>();
  /** sleeps that only stop() and the end of the drive cut short (the ticker's) */
  private readonly onStop = new Set<() => void>();
  private costUsd = 0;
  private budgetUsd: number | null = null;
  /** a retry notice is on the run: the next call answered clears it */
  private noticeShown = false;
  /** answers known to this driver by key (preloaded, or made here) */
  private readonly cached: Map<string, string | null>;
  /** calls paid for and their cost not yet added to the run's counters (added a few times a second) */
  private readonly unflushed = { calls: 0, usd: 0 };
  private readonly writes = new Set<Promise<void>>();
  /** answers whose write failed, written again once before the drive ends */
  private unstored: StoredAnswer[] = [];
  /**
   * Calls leased ahead for the steps next in the queue (key -> when), in one statement per batch, so a slot
   * whose call ends sends its next request without a database round trip first. Under load that round trip
   * took 10 to 60 ms at the 90th percentile, in every call's critical path. A lease held here too long (half
   * its length) is renewed by the usual claim before the call is made; leases not used are given back when
   * the drive ends.
   */
  private readonly ahead = new Map<string, number>();
  /** keys in the batch being leased right now, and that statement */
  private claiming = new Set<string>();
  private refilling: Promise<void> | null = null;
  private readonly leaseMs: number;
  private readonly log: (line: string) => void;

  constructor(private readonly ctx: DriverCtx) {
    this.leaseMs = ctx.settings.requestTimeoutMs + (ctx.opts.leaseMarginMs ?? LEASE_MARGIN_MS());
    this.cached = ctx.cached;
    this.log = ctx.opts.log ?? (() => {});
  }

  async run(): Promise<EvalOutcome> {
    const onAbort = () => this.stop("STOPPED");
    this.ctx.opts.signal?.addEventListener("abort", onAbort);
    if (this.ctx.opts.signal?.aborted) {
      await this.giveBack();
      return "STOPPED";
    }
    const ticker = this.tick();
    await Promise.all(Array.from({ length: this.ctx.settings.concurrency }, () => this.slot()));
    const finished = !this.stopping;
    this.stopping ??= "COMPLETED";
    wake(this.onStop);
    await ticker;
    await this.giveBack();
    this.ctx.opts.signal?.removeEventListener("abort", onAbort);
    this.storeNow?.();
    while (this.writes.size) await Promise.all(this.writes);
    const stored = await this.storeAgain(finished);
    if (finished && stored && (await this.complete())) return "COMPLETED";
    const run = await this.flushCounters().catch((error: unknown) => {
      this.log(`run #${this.ctx.run.number}: ${(error as Error).message}`);
      return null;
    });
    if (this.stopping === "STOPPED") return "STOPPED";
    const row =
      run ??
      (await db.evalRun.findUniqueOrThrow({ where: { id: this.ctx.run.id }, select: { state: true } }));
    return row.state as EvalOutcome;
  }

  /**
   * Queues every item's next step (its candidate call, or, with the candidate's answer known, both judge
   * orders) and leases the first batch of calls.
   */
  prime(): void {
    for (const item of this.ctx.items) {
      const key = candidateCallKey(this.ctx.run.candidateKey, item.id);
      const candidate = this.cached.get(key);
      if (candidate === undefined) this.queue.push({ kind: "candidate", item, key });
      else if (candidate !== null) this.queueJudging(item, candidate);
    }
    this.refill();
  }

  private queueJudging(item: Item, candidate: string): void {
    const answers = { candidate, reference: item.reference };
    for (const order of JUDGE_ORDERS)
      this.queue.push({
        kind: "judge",
        item,
        order,
        candidate,
        key: judgeCallKey(this.ctx.judgeKey, item.id, answers, order),
      });
  }

  private stop(outcome: EvalOutcome): void {
    if (this.stopping) return;
    this.stopping = outcome;
    // Cancelled or shutting down: calls in flight are abandoned. Paused: they finish and are kept.
    if (outcome === "CANCELLED" || outcome === "STOPPED") for (const ac of this.inflight) ac.abort();
    this.wakeAll();
    wake(this.onStop);
  }

  private wakeAll(): void {
    wake(this.waiters);
  }

  /**
   * The ticker's sleep: cut short only by stop() and by the end of the drive. (In the slots' wait() every
   * finished call woke it: at 160 calls a second it read and wrote the run row 35 times a second instead of 3,
   * and those statements' CPU sat in the path of the calls' answers.)
   */
  private pauseUnlessStopped(ms: number): Promise<void> {
    return sleep(ms, this.onStop);
  }

  private wait(ms: number): Promise<void> {
    return sleep(ms, this.waiters);
  }

  private async slot(): Promise<void> {
    while (!this.stopping) {
      const step = this.queue.shift();
      if (!step) {
        if (this.active === 0) {
          this.wakeAll();
          return;
        }
        await this.wait(1000);
        continue;
      }
      this.active++;
      try {
        await this.step(step);
      } catch (error) {
        if (!(error instanceof Stopped)) await this.fail(error);
      } finally {
        this.active--;
        this.wakeAll();
      }
    }
  }

  private async step(step: Step): Promise<void> {
    const { item, key } = step;
    if (step.kind === "candidate") {
      const client = this.ctx.candidateClient;
      const candidate = await this.resolve(key, { kind: "candidate", itemId: item.id }, async (signal) => {
        // A file run has every answer it has in the cache; an item without one is left out.
        if (!client) return null;
        const messages: ChatMessage[] = [
          {
            role: "user",
            content: item.input.trim() ? `${item.instruction}\n\n${item.input}` : item.instruction,
          },
        ];
        const { decoding } = this.ctx.settings;
        const req = {
          model: this.ctx.run.candidateModel,
          messages,
          maxTokens: decoding.maxTokens,
          temperature: decoding.temperature,
          topP: decoding.topP,
        };
        const phiSources = [itemSource(item, { instruction: item.instruction, input: item.input })];
        const { result, attempts } = await this.call(
          client,
          { ...req, phiSources },
          signal,
          key,
          "candidate",
        );
        return {
          request: { ...req, baseUrl: this.ctx.settings.candidateBaseUrl ?? null },
          raw: [result.text],
          output: result.text,
          attempts,
          model: req.model,
          promptTokens: result.usage.promptTokens,
          completionTokens: result.usage.completionTokens,
        };
      });
      if (candidate === null) return;
      this.queueJudging(item, candidate);
      this.wakeAll();
      return;
    }
    const answers = { candidate: step.candidate, reference: item.reference };
    await this.resolve(key, { kind: "judge", itemId: item.id, order: step.order }, async (signal) => {
      const messages = buildJudgeOrder(this.ctx.template, item, answers, step.order);
      const req = {
        model: this.ctx.run.judgeModel,
        messages,
        maxTokens: JUDGE_MAX_TOKENS,
        temperature: JUDGE_TEMPERATURE,
      };
      const phiSources = [
        itemSource(item, {
          instruction: item.instruction,
          input: item.input,
          reference: item.reference,
          candidate: answers.candidate,
        }),
      ];
      const raw: string[] = [];
      let promptTokens = 0;
      let completionTokens = 0;
      let attempts = 0;
      let verdict: string | null = null;
      // An unparseable verdict is asked for once more, then recorded as unparsed (null).
      for (let i = 0; i < JUDGE_ATTEMPTS && verdict === null; i++) {
        const r = await this.call(this.ctx.judgeClient, { ...req, phiSources }, signal, key, "judge");
        raw.push(r.result.text);
        attempts += r.attempts;
        promptTokens += r.result.usage.promptTokens;
        completionTokens += r.result.usage.completionTokens;
        verdict = parseVerdict(r.result.text);
      }
      return {
        request: { ...req, baseUrl: this.ctx.settings.judgeBaseUrl ?? null },
        raw,
        output: verdict,
        attempts,
        model: req.model,
        promptTokens,
        completionTokens,
      };
    });
  }

  /** The cached output for `key`, making the call only when no driver has made it or is making it. */
  private async resolve(
    key: string,
    meta: { kind: "candidate" | "judge"; itemId: string; order?: JudgeOrder },
    perform: (signal: AbortSignal) => Promise<CallResult | null>,
  ): Promise<string | null> {
    const known = this.cached.get(key);
    if (known !== undefined) return known;
    for (;;) {
      if (this.stopping) throw new Stopped();
      if (this.budgetReached()) {
        await this.pause(
          `${BUDGET_PAUSE_PREFIX}$${(this.budgetUsd as number).toFixed(2)} is reached ($${this.costUsd.toFixed(2)} spent). Raise it and resume to go on.`,
        );
        throw new Stopped();
      }
      if (this.claiming.has(key)) await this.refilling;
      const leasedAt = this.ahead.get(key);
      this.ahead.delete(key);
      this.refill();
      if (leasedAt !== undefined && performance.now() - leasedAt < this.leaseMs / 2)
        return this.perform(key, perform);
      const claimed = await this.lease([{ key, ...meta }]);
      if (claimed.length) return this.perform(key, perform);
      const row = await db.evalCall.findUnique({ where: { key }, select: { status: true, output: true } });
      if (row?.status === "DONE") {
        this.cached.set(key, row.output);
        return row.output;
      }
      // Another driver is making this call: wait for its answer (or for its lease to run out).
      await this.wait(250);
    }
  }

  private async perform(
    key: string,
    perform: (signal: AbortSignal) => Promise<CallResult | null>,
  ): Promise<string | null> {
    const ac = new AbortController();
    this.inflight.add(ac);
    try {
      const result = await perform(ac.signal);
      if (result === null) {
        await db.evalCall.updateMany({
          where: { key, leaseOwner: this.owner },
          data: { status: "DONE", output: null, doneAt: new Date(), leaseOwner: null, leaseUntil: null },
        });
        return null;
      }
      const cost = costUsd(this.ctx.prices, result.model, result);
      this.costUsd += cost;
      this.unflushed.calls++;
      this.unflushed.usd += cost;
      // Stored while the slot goes on with its next call (run() waits for every write before it ends).
      // Should the write fail, it is tried again as the drive ends; failing again, the run pauses and the call
      // is made again on resume: logged, never lost, and never a completed run without it.
      this.cached.set(key, result.output);
      this.store({ key, cost, ...result });
      return result.output;
    } catch (error) {
      await db.evalCall
        .updateMany({
          where: { key, leaseOwner: this.owner },
          data: {
            status: "PENDING",
            leaseOwner: null,
            leaseUntil: null,
            error: error instanceof Error ? error.message.slice(0, 500) : String(error),
          },
        })
        .catch(() => {});
      if (this.stopping) throw new Stopped();
      throw error;
    } finally {
      this.inflight.delete(ac);
    }
  }

  /**
   * One statement: create each call's row leased to this driver, or lease an existing one nobody else holds
   * (new, its holder's lease ran out, or this driver's own); a key returned is this driver's to make.
   */
  private lease(
    calls: { key: string; kind: "candidate" | "judge"; itemId: string; order?: JudgeOrder }[],
  ): Promise<{ key: string }[]> {
    return hot<{ key: string }>(
      `INSERT INTO "EvalCall" (key, kind, "itemId", "order", status, "leaseOwner", "leaseUntil")
       SELECT c.key, c.kind, c."itemId", c."order", 'RUNNING', $1, now() + make_interval(secs => $2)
         FROM unnest($3::text[], $4::text[], $5::text[], $6::text[]) AS c(key, kind, "itemId", "order")
       ON CONFLICT (key) DO UPDATE SET status = 'RUNNING', "leaseOwner" = EXCLUDED."leaseOwner",
              "leaseUntil" = EXCLUDED."leaseUntil"
        WHERE "EvalCall".status = 'PENDING'
           OR ("EvalCall".status = 'RUNNING'
               AND ("EvalCall"."leaseUntil" < now() OR "EvalCall"."leaseOwner" = EXCLUDED."leaseOwner"))
       RETURNING key`,
      [
        this.owner,
        this.leaseMs / 1000,
        calls.map((c) => c.key),
        calls.map((c) => c.kind),
        calls.map((c) => c.itemId),
        calls.map((c) => c.order ?? null),
      ],
    );
  }

  /** Leases the calls of the next steps in the queue, a batch at a time, while fewer than half a batch wait. */
  private refill(): void {
    const batch = this.ctx.settings.concurrency;
    if (this.refilling || this.stopping || this.ahead.size > batch / 2) return;
    const calls: Parameters<EvalDriver["lease"]>[0] = [];
    for (const step of this.queue) {
      if (calls.length >= batch) break;
      if (this.cached.has(step.key) || this.ahead.has(step.key)) continue;
      if (step.kind === "candidate" && !this.ctx.candidateClient) continue; // a file run makes no candidate call
      calls.push(
        step.kind === "candidate"
          ? { key: step.key, kind: "candidate", itemId: step.item.id }
          : { key: step.key, kind: "judge", itemId: step.item.id, order: step.order },
      );
    }
    if (!calls.length) return;
    this.claiming = new Set(calls.map((c) => c.key));
    this.refilling = this.lease(calls)
      .then((rows) => {
        const at = performance.now();
        for (const r of rows) this.ahead.set(r.key, at);
      })
      .catch((error: unknown) =>
        this.log(`run #${this.ctx.run.number}: leasing calls ahead: ${(error as Error).message}`),
      )
      .finally(() => {
        this.claiming = new Set();
        this.refilling = null;
      });
  }

  /** Leases taken ahead and not used (the run ended, paused or stopped): free for any driver at once. */
  async giveBack(): Promise<void> {
    await this.refilling;
    const keys = [...this.ahead.keys()];
    this.ahead.clear();
    if (!keys.length) return;
    await hot(
      `UPDATE "EvalCall" SET status = 'PENDING', "leaseOwner" = NULL, "leaseUntil" = NULL
        WHERE key = ANY($1::text[]) AND "leaseOwner" = $2 AND status = 'RUNNING'`,
      [keys, this.owner],
    ).catch((error: unknown) => this.log(`run #${this.ctx.run.number}: ${(error as Error).message}`));
  }

  /**
   * Answers waiting to be stored, written in one statement STORE_DELAY_MS after the first of them: the calls of
   * a wave end within a few milliseconds of each other, and one UPDATE for all of them, sent once their answers
   * are read, keeps the statement's CPU (Prisma compiles each, about 0.2 ms, and serialises its parameters) out
   * of the critical path of the calls that follow. The end of the drive sends the last batch at once. A batch
   * whose write fails is kept and written again as the drive ends (storeAgain).
   */
  private toStore: StoredAnswer[] = [];
  private storeNow: (() => void) | null = null;

  private store(done: StoredAnswer): void {
    this.toStore.push(done);
    if (this.toStore.length > 1) return; // a flush is scheduled
    const write = new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, STORE_DELAY_MS);
      this.storeNow = () => {
        clearTimeout(timer);
        resolve();
      };
    })
      .then(() => {
        this.storeNow = null;
        const batch = this.toStore;
        this.toStore = [];
        return this.writeAnswers(batch).catch((error: unknown) => {
          this.unstored.push(...batch);
          this.log(`run #${this.ctx.run.number}: storing answers: ${(error as Error).message}`);
        });
      })
      .finally(() => this.writes.delete(write));
    this.writes.add(write);
  }

  /** One statement for a batch of answers: each call DONE with its request, raw answers, output and cost. */
  private async writeAnswers(batch: StoredAnswer[]): Promise<void> {
    // One JSON document for the batch (a native JSON.stringify) rather than eight array parameters, which
    // node-postgres escapes element by element in JavaScript.
    const rows = batch.map((d) => ({
      key: d.key,
      request: d.request,
      raw: d.raw,
      output: d.output,
      attempts: d.attempts,
      pt: d.promptTokens,
      ct: d.completionTokens,
      cost: d.cost,
    }));
    await hot(
      `UPDATE "EvalCall" AS c
          SET status = 'DONE', request = v.request, raw = v.raw, output = v.output,
              attempts = v.attempts, "promptTokens" = v.pt, "completionTokens" = v.ct, "costUsd" = v.cost,
              error = NULL, "doneAt" = now(), "leaseOwner" = NULL, "leaseUntil" = NULL
         FROM jsonb_to_recordset($1::jsonb)
              AS v(key text, request jsonb, raw jsonb, output text, attempts int, pt int, ct int, cost float8)
        WHERE c.key = v.key AND c."leaseOwner" = $2`,
      [JSON.stringify(rows), this.owner],
    );
  }

  /**
   * Answers whose write failed (the database was out of reach a moment) are written once more as the drive
   * ends; true when none is left unstored. Failing again, the run pauses saying so rather than completing
   * without them (a run that would have completed), and their calls are freed to be made again on resume.
   */
  private async storeAgain(finished: boolean): Promise<boolean> {
    if (!this.unstored.length) return true;
    const batch = this.unstored;
    this.unstored = [];
    try {
      await this.writeAnswers(batch);
      return true;
    } catch (error) {
      const message = (error as Error).message;
      this.log(`run #${this.ctx.run.number}: storing answers again: ${message}`);
      await hot(
        `UPDATE "EvalCall" SET status = 'PENDING', "leaseOwner" = NULL, "leaseUntil" = NULL
          WHERE key = ANY($1::text[]) AND "leaseOwner" = $2 AND status = 'RUNNING'`,
        [batch.map((d) => d.key), this.owner],
      ).catch(() => {});
      if (finished)
        await this.pause(
          `${batch.length} answer${batch.length === 1 ? "" : "s"} could not be stored (${message}). Resume the run to go on: those calls are made again.`,
        ).catch((e: unknown) => this.log(`run #${this.ctx.run.number}: ${(e as Error).message}`));
      return false;
    }
  }

  /**
   * One completion, retried on 429s, 5xx, timeouts and network errors with the generation layer's backoff.
   * Each retry is told on the run (its notice, shown live), so that a judge that cannot be reached is seen
   * at once and not only when the retries are spent and the run pauses.
   */
  private async call(
    client: LlmClient,
    req: Omit<CompletionRequest, "signal" | "timeoutMs">,
    signal: AbortSignal,
    key: string,
    who: "candidate" | "judge",
  ): Promise<{ result: CompletionResult; attempts: number }> {
    const { maxRetries, retryBaseMs, requestTimeoutMs } = this.ctx.settings;
    for (let attempt = 1; ; attempt++) {
      try {
        const result = await client.complete({ ...req, signal, timeoutMs: requestTimeoutMs });
        if (this.noticeShown) await this.setNotice(null);
        return { result, attempts: attempt };
      } catch (error) {
        // Never sent: not a provider failure, nothing to retry; the run pauses (fail below).
        if (error instanceof PhiBlockedError) throw error;
        const e = classifyError(error, { signal });
        if (signal.aborted) throw e;
        // The pause says whose endpoint failed: "Could not reach the provider" alone left the two open.
        if (!e.retryable || attempt > maxRetries)
          throw new ProviderError(e.kind, `${whose(who, req.model)}: ${e.message}`, {
            status: e.status,
            retryAfterMs: e.retryAfterMs,
          });
        const ms = retryDelayMs(e, attempt, Math.random, { baseMs: retryBaseMs });
        await this.setNotice(retryNotice(who, req.model, attempt, maxRetries + 1, e.message, ms));
        // A pause ends the wait as a cancel does: a call waiting to be retried has nothing under way to keep,
        // and retrying it for minutes after Pause kept hitting the endpoint and held its lease (another run
        // needing the same call waited for the lease to run out).
        await new Promise<void>((resolve) => {
          const done = () => {
            clearTimeout(t);
            signal.removeEventListener("abort", done);
            this.onStop.delete(done);
            resolve();
          };
          const t = setTimeout(done, ms);
          signal.addEventListener("abort", done, { once: true });
          this.onStop.add(done);
        });
        if (signal.aborted || this.stopping)
          throw new ProviderError("cancelled", "The request was cancelled.");
        // Still ours: the lease covers the next attempt.
        await db.$executeRaw`
          UPDATE "EvalCall" SET "leaseUntil" = now() + make_interval(secs => ${this.leaseMs / 1000})
           WHERE key = ${key} AND "leaseOwner" = ${this.owner}`;
      }
    }
  }

  /** The run's notice (null: clear it), written only while the run is RUNNING; a failed write is logged. */
  private async setNotice(notice: string | null): Promise<void> {
    this.noticeShown = notice !== null;
    await db.evalRun
      .updateMany({
        where: { id: this.ctx.run.id, state: "RUNNING" },
        data: { notice, noticeAt: notice === null ? null : new Date() },
      })
      .catch((e: unknown) => this.log(`run #${this.ctx.run.number}: ${(e as Error).message}`));
  }

  private budgetReached(): boolean {
    return this.budgetUsd !== null && this.costUsd >= this.budgetUsd;
  }

  /**
   * Adds the calls paid for since the last flush to the run's counters, beats the heartbeat when `beat` (while
   * the run is RUNNING), and reads its state, cost and budget, in one statement (an UPDATE ... RETURNING, or a
   * plain read when there is nothing to write).
   */
  private async flushCounters(
    beat = false,
  ): Promise<{ state: string; costUsd: number; budgetUsd: number | null }> {
    const { calls, usd } = this.unflushed;
    this.unflushed.calls = 0;
    this.unflushed.usd = 0;
    try {
      const [run] = await hot<{ state: string; costUsd: number; budgetUsd: number | null }>(
        calls || beat
          ? `UPDATE "EvalRun" SET "callsMade" = "callsMade" + $2, "costUsd" = "costUsd" + $3, "updatedAt" = now(),
                    "heartbeatAt" = CASE WHEN $4 AND state = 'RUNNING' THEN now() ELSE "heartbeatAt" END
              WHERE id = $1 RETURNING state, "costUsd", "budgetUsd"`
          : `SELECT state, "costUsd", "budgetUsd" FROM "EvalRun" WHERE id = $1`,
        calls || beat ? [this.ctx.run.id, calls, usd, beat] : [this.ctx.run.id],
      );
      if (!run) throw new Error("the run is gone");
      return run;
    } catch (error) {
      this.unflushed.calls += calls;
      this.unflushed.usd += usd;
      throw error;
    }
  }

  /** Counters, state, heartbeat and budget a few times a second, in one statement each time. */
  private async tick(): Promise<void> {
    let lastBeat = 0;
    while (!this.stopping) {
      try {
        const beat = Date.now() - lastBeat >= (this.ctx.opts.heartbeatMs ?? HEARTBEAT_MS());
        const run = await this.flushCounters(beat);
        if (beat) lastBeat = Date.now();
        this.costUsd = Math.max(this.costUsd, run.costUsd + this.unflushed.usd);
        this.budgetUsd = run.budgetUsd;
        if (run.state !== "RUNNING") this.stop(run.state as EvalOutcome);
      } catch (error) {
        this.log(`run #${this.ctx.run.number}: ${(error as Error).message}`);
      }
      if (!this.stopping) await this.pauseUnlessStopped(TICK_MS);
    }
  }

  private async pause(message: string): Promise<void> {
    await db.evalRun.updateMany({
      where: { id: this.ctx.run.id, state: "RUNNING" },
      data: { state: "PAUSED", error: message, notice: null, noticeAt: null },
    });
    this.log(`run #${this.ctx.run.number} paused: ${message}`);
    this.stop("PAUSED");
  }

  private async fail(error: unknown): Promise<void> {
    if (error instanceof PhiBlockedError) {
      await pauseForPhi(this.ctx.run.id, this.ctx.run.number, error, this.log);
      this.stop("PAUSED");
      return;
    }
    const message =
      error instanceof ProviderError
        ? `${error.message} Fix the cause and resume the run.`
        : `Unexpected error: ${(error as Error)?.message ?? String(error)}`;
    if (!(error instanceof ProviderError)) console.error(`[evaluation] run #${this.ctx.run.number}`, error);
    await this.pause(message);
  }

  /**
   * Every item judged and every answer stored: the summary, written with the last counters in one statement
   * while the run is still RUNNING (a pause or cancel that came in meanwhile wins: false, and run() reads the
   * state). The items are assembled from the answers this driver holds (each call it resolved: preloaded,
   * made, or read once another driver made it), as the pages assemble them from the database.
   */
  private async complete(): Promise<boolean> {
    const stored = (key: string) => {
      const output = this.cached.get(key);
      return output === undefined ? undefined : { output };
    };
    const items = assembleRunItems(this.ctx.run, this.ctx.rows, { candidate: stored, judge: stored });
    const summary = summariseEvaluation(judgedItems(items));
    const judged = items.filter((i) => i.candidate !== null).length;
    const calls = judged * 2 + (this.ctx.run.candidateSource === "endpoint" ? items.length : 0);
    const { calls: made, usd } = this.unflushed;
    const completed = await db.$executeRaw`
      UPDATE "EvalRun"
         SET state = 'COMPLETED', "finishedAt" = now(), error = NULL, "updatedAt" = now(),
             summary = ${JSON.stringify(summary)}::jsonb,
             "callsMade" = "callsMade" + ${made}, "costUsd" = "costUsd" + ${usd},
             "cacheHits" = GREATEST(0, ${calls} - ("callsMade" + ${made}))
       WHERE id = ${this.ctx.run.id} AND state = 'RUNNING'`;
    if (!completed) return false;
    this.unflushed.calls = 0;
    this.unflushed.usd = 0;
    this.log(`run #${this.ctx.run.number} completed`);
    return true;
  }
}

/** Whose call failed, as a pause names it: "The judge (gpt-4)", "The candidate model (med-7b)". */
function whose(who: "candidate" | "judge", model: string): string {
  return who === "judge" ? `The judge (${model})` : `The candidate model (${model})`;
}
