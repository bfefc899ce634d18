import "server-only";
import { db } from "@/lib/db";
import { BUDGET_PAUSE_PREFIX } from "@/lib/generation/budget-pause";
import { callReserve, costUsd } from "@/lib/generation/prices";
import { buildResponseMessages } from "@/lib/generation/prompt/response-prompt";
import { buildTaskPrompt, maxTokensForTasks } from "@/lib/generation/prompt/task-prompt";
import {
  classifyError,
  type PhiBlock,
  PhiBlockedError,
  type PhiSource,
  ProviderError,
  phiBlockMessage,
  retryDelayMs,
  retryingIn,
  screenOutbound,
  TokenBucket,
  withoutFullStop,
} from "@/lib/generation/provider";
import { sampleSeedIndexes } from "@/lib/generation/rng";
import { Admitter } from "./admission";
import {
  describeBlock,
  type JobContext,
  JobSetupError,
  loadJobContext,
  logEvent,
  seedSource,
} from "./context";
import {
  type ClaimedRequest,
  type ClaimedResponse,
  claimResponses,
  claimRetryRequest,
  completeRequest,
  completeResponses,
  createRequests,
  failUnit,
  type ResponseResult,
  releaseUnit,
  retireUnneededRequests,
} from "./units";

// Drives one job in this process until it completes, pauses, is cancelled, or the caller stops it. Any
// number of drivers (in any number of processes) may drive the same job at once: units are leased, results
// are written by the lease holder only, admission is serialised per job (./admission.ts).
//
// Keeping every slot waiting on the provider (npm run bench measures it): responses are leased a few at a
// time ahead of the slots, results are stored while the slot goes on with its next call (responses several
// to a statement), and task requests are sent while responses remain, so that the queue never runs dry.

export type DriveOutcome = "COMPLETED" | "PAUSED" | "CANCELLED" | "FAILED" | "STOPPED";

export type DriveOptions = {
  /** stops driving (process shutdown): calls in flight are abandoned and their units given back */
  signal?: AbortSignal;
  /** API key for this run only (CLI --api-key); otherwise the job's stored credential or the environment */
  apiKey?: string;
  /** how long past the request timeout a lease lasts before another worker may take the unit over */
  leaseMarginMs?: number;
  heartbeatMs?: number;
  log?: (line: string) => void;
  /**
   * After responses are stored, with their record ids; awaited off the write path, one call at a time
   * (lib/workers.ts computes the records' cheap signals here).
   */
  onResponsesStored?: (taskIds: string[]) => Promise<unknown>;
};

export type JobStatus = {
  state: string;
  target: number;
  keptCount: number;
  responsesDone: number;
  generationDone: boolean;
  admittedThrough: number;
  nextRequestIndex: number;
  costUsd: number;
  /**
   * The budget as it is now: a resume may raise it while this driver runs (a command line taking over a job a
   * worker drives), and a copy read at the start paused the job again at the budget just raised.
   */
  budgetUsd: number | undefined;
};

async function readStatus(jobId: string): Promise<JobStatus> {
  const { settings, ...job } = await db.generationJob.findUniqueOrThrow({
    where: { id: jobId },
    select: {
      state: true,
      target: true,
      keptCount: true,
      responsesDone: true,
      generationDone: true,
      admittedThrough: true,
      nextRequestIndex: true,
      costUsd: true,
      settings: true,
    },
  });
  const budgetUsd = (settings as { budgetUsd?: unknown } | null)?.budgetUsd;
  return {
    ...job,
    state: job.state as string,
    budgetUsd: typeof budgetUsd === "number" ? budgetUsd : undefined,
  };
}

/** Pauses a running job with the reason shown on its page. */
export async function pauseForError(jobId: string, message: string): Promise<void> {
  const { count } = await db.generationJob.updateMany({
    where: { id: jobId, state: "RUNNING" },
    data: { state: "PAUSED", error: message },
  });
  if (count) await logEvent(jobId, "error", `Paused: ${message}`);
}

/**
 * PHI screening: pauses a running job at the provider gate, keeping the finding (shown on the job page with
 * the way to resolve it) and naming it in the reason.
 */
export async function pauseForPhi(jobId: string, blocks: readonly PhiBlock[]): Promise<void> {
  const [first] = blocks;
  if (!first) return;
  const message = phiBlockMessage(blocks);
  const { count } = await db.generationJob.updateMany({
    where: { id: jobId, state: "RUNNING" },
    data: { state: "PAUSED", error: message, phiBlock: { ...first, more: blocks.length - 1 } },
  });
  if (count) await logEvent(jobId, "error", `Paused by the PHI gate: ${message}`);
}

/**
 * Before any task request: the job's seeds all go out in task prompts, so one with an open finding stops the
 * job now rather than after the requests that happen not to sample it. A trusted endpoint is told, not stopped.
 */
async function phiPreflight(ctx: JobContext): Promise<boolean> {
  const { generationDone } = await db.generationJob.findUniqueOrThrow({
    where: { id: ctx.id },
    select: { generationDone: true },
  });
  if (generationDone) return true;
  const blocks = screenOutbound({ messages: [], phiSources: ctx.seeds.map(seedSource) }, ctx.phi.resolved);
  if (!blocks.length) return true;
  if (ctx.phi.trusted) {
    await logEvent(
      ctx.id,
      "warn",
      `PHI gate: ${blocks.length} possible patient identifier(s) in the seeds (first: ${describeBlock(blocks[0] as PhiBlock)}); sent anyway, the endpoint is marked trusted (${ctx.phi.trusted.reason}).`,
    );
    return true;
  }
  await pauseForPhi(ctx.id, blocks);
  return false;
}

const DEFAULT_LEASE_MARGIN_MS = Number(process.env.MEDSEED_GENERATION_LEASE_MARGIN_MS ?? 30_000);
const DEFAULT_HEARTBEAT_MS = Number(process.env.MEDSEED_GENERATION_HEARTBEAT_MS ?? 2_000);
const TICK_MS = 200;
/** Responses kept in view per slot (waiting, or expected from requests in flight): see responsesRunLow. */
const LOOKAHEAD_CALLS = 3;
/** Most responses leased ahead at once by one driver (half its slots, up to this): a claim takes a while under load, and the slots go on meanwhile. */
const RESPONSE_BATCH_MAX = 32;
/** Most responses stored in one statement. */
const RESPONSE_WRITE_MAX = 100;

export async function driveJob(jobId: string, opts: DriveOptions = {}): Promise<DriveOutcome> {
  const log = opts.log ?? (() => {});
  // QUEUED -> RUNNING once, whoever gets here first.
  await db.generationJob.updateMany({
    where: { id: jobId, state: "QUEUED" },
    data: { state: "RUNNING", startedAt: new Date(), heartbeatAt: new Date() },
  });
  let ctx: JobContext;
  try {
    ctx = await loadJobContext(jobId, { apiKey: opts.apiKey });
  } catch (error) {
    if (!(error instanceof JobSetupError)) throw error;
    await pauseForError(jobId, error.message);
    return "PAUSED";
  }
  if (!(await phiPreflight(ctx))) return "PAUSED";
  return new Driver(ctx, opts, log).run();
}

/** A slot's last result write, which its next one waits for. */
type Lane = { write: Promise<void> };

class Driver {
  private status!: JobStatus;
  private readonly admitter: Admitter;
  private readonly bucket: InstanceType<typeof TokenBucket>;
  private readonly leaseMs: number;
  private readonly inflight = new Map<ClaimedRequest | ClaimedResponse, AbortController>();
  private stopping: DriveOutcome | null = null;
  private admitting: Promise<void> | null = null;
  private admitAgain = false;
  private wake: (() => void) | null = null;
  private tickWake: (() => void) | null = null;
  private tickPoked = false;
  // Hints that save a query per claim: set when there may be work of that kind, cleared when a claim finds none.
  private mayHaveRetries = true;
  private mayHaveResponses = true;
  private checkingRetries = false;
  private createdSinceStatus = 0;
  // Responses leased ahead of the slots (see takeResponse), and the claim topping them up.
  private readonly responseQueue: ClaimedResponse[] = [];
  private readonly responseBatch: number;
  private refilling: Promise<void> | null = null;
  // Results being stored while their slot goes on with its next call (see store).
  private readonly writes = new Set<Promise<void>>();
  private responsesStoring = 0;
  private readonly responseBatchQueue: {
    result: ResponseResult;
    resolve: () => void;
    reject: (error: unknown) => void;
  }[] = [];
  private responseWriting = false;
  // Slots waiting for a new task request, and whether a creation is in flight (see newRequest).
  private readonly requestWaiters: {
    resolve: (unit: ClaimedRequest | null) => void;
    reject: (error: unknown) => void;
  }[] = [];
  private creatingRequests = false;
  // Most a call in flight could still cost: claims stop before the budget could be overrun.
  private reservedUsd = 0;

  constructor(
    private readonly ctx: JobContext,
    private readonly opts: DriveOptions,
    private readonly log: (line: string) => void,
  ) {
    this.admitter = new Admitter(ctx);
    this.bucket = new TokenBucket(ctx.settings.tokensPerMinute ?? null);
    this.leaseMs = ctx.settings.requestTimeoutMs + (opts.leaseMarginMs ?? DEFAULT_LEASE_MARGIN_MS);
    this.responseBatch = Math.min(RESPONSE_BATCH_MAX, Math.ceil(ctx.settings.concurrency / 2));
  }

  async run(): Promise<DriveOutcome> {
    this.status = await readStatus(this.ctx.id);
    if (this.status.state !== "RUNNING") return this.status.state as DriveOutcome;
    const onAbort = () => this.stop("STOPPED");
    this.opts.signal?.addEventListener("abort", onAbort);
    if (this.opts.signal?.aborted) return "STOPPED";
    const slots = Array.from({ length: this.ctx.settings.concurrency }, () => this.slot());
    const ticker = this.tick();
    await Promise.all(slots);
    this.stopping ??= "STOPPED";
    this.nudge();
    await this.refilling?.catch(() => {});
    for (const unit of this.responseQueue.splice(0)) await releaseUnit(unit).catch(() => {});
    while (this.writes.size) await Promise.all(this.writes);
    await this.signalsChain;
    await ticker;
    this.opts.signal?.removeEventListener("abort", onAbort);
    await this.admitting;
    if (this.stopping !== "STOPPED" && this.stopping !== "CANCELLED") await this.admitNow();
    const final = await readStatus(this.ctx.id);
    return this.stopping === "STOPPED" ? "STOPPED" : (final.state as DriveOutcome);
  }

  private stop(outcome: DriveOutcome): void {
    if (this.stopping) return;
    this.stopping = outcome;
    // Cancelled or shutting down: calls in flight are abandoned. Paused: they finish and are kept.
    if (outcome === "CANCELLED" || outcome === "STOPPED") for (const ac of this.inflight.values()) ac.abort();
    this.nudge();
    this.pokeTick();
  }

  private nudge(): void {
    const w = this.wake;
    this.wake = null;
    w?.();
  }

  private idle(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        if (this.wake === resolve) this.wake = null;
        resolve();
      }, ms);
      const prev = this.wake;
      this.wake = () => {
        clearTimeout(t);
        prev?.();
        resolve();
      };
    });
  }

  /** Status, heartbeat, admission of other workers' results, completion: a few times a second. */
  private async tick(): Promise<void> {
    let lastBeat = 0;
    while (!this.stopping) {
      try {
        const fresh = await readStatus(this.ctx.id);
        // Costs only grow; a call this driver finished may not be in the row read a moment before.
        this.status = { ...fresh, costUsd: Math.max(fresh.costUsd, this.status.costUsd) };
        this.createdSinceStatus = 0;
        this.mayHaveRetries = true;
        this.mayHaveResponses = true;
        const s = this.status;
        if (s.state === "CANCELLED") this.stop("CANCELLED");
        else if (s.state !== "RUNNING") this.stop(s.state as DriveOutcome);
        else {
          if (Date.now() - lastBeat >= (this.opts.heartbeatMs ?? DEFAULT_HEARTBEAT_MS)) {
            lastBeat = Date.now();
            await db.generationJob.updateMany({
              where: { id: this.ctx.id },
              data: { heartbeatAt: new Date() },
            });
          }
          if (s.admittedThrough < s.nextRequestIndex - 1) this.scheduleAdmit();
          if (s.generationDone) {
            if (await retireUnneededRequests(this.ctx.id)) this.scheduleAdmit();
            const { count } = await db.$executeRaw`
              UPDATE "GenerationJob" SET state = 'COMPLETED', "finishedAt" = now(), error = NULL
               WHERE id = ${this.ctx.id} AND state = 'RUNNING' AND "generationDone"
                 AND "responsesDone" = "keptCount" AND "admittedThrough" = "nextRequestIndex" - 1`.then(
              (count) => ({
                count,
              }),
            );
            if (count) {
              this.log(`job #${this.ctx.number} completed`);
              this.stop("COMPLETED");
            }
          }
          if (s.budgetUsd !== undefined && s.costUsd >= s.budgetUsd)
            await this.pause(
              `${BUDGET_PAUSE_PREFIX}$${s.budgetUsd.toFixed(2)} is reached ($${s.costUsd.toFixed(2)} spent). Raise it and resume to go on.`,
            );
        }
      } catch (error) {
        this.log(`job #${this.ctx.number}: status check failed: ${(error as Error).message}`);
      }
      this.nudge();
      if (this.stopping) break;
      if (this.tickPoked) {
        this.tickPoked = false;
        continue;
      }
      await new Promise<void>((resolve) => {
        const t = setTimeout(() => {
          this.tickWake = null;
          resolve();
        }, TICK_MS);
        this.tickWake = () => {
          this.tickWake = null;
          clearTimeout(t);
          resolve();
        };
      });
    }
  }

  /** Runs the status check now rather than at the next tick (e.g. the last response is in: complete). */
  private pokeTick(): void {
    if (this.tickWake) this.tickWake();
    else this.tickPoked = true;
  }

  private async pause(message: string): Promise<void> {
    await pauseForError(this.ctx.id, message);
    this.stop("PAUSED");
  }

  private scheduleAdmit(): void {
    if (this.admitting) {
      this.admitAgain = true;
      return;
    }
    this.admitting = (async () => {
      do {
        this.admitAgain = false;
        await this.admitNow();
      } while (this.admitAgain && this.stopping !== "CANCELLED" && this.stopping !== "STOPPED");
    })().finally(() => {
      this.admitting = null;
    });
  }

  private async admitNow(): Promise<void> {
    try {
      const r = await this.admitter.admit();
      if (r.kept) this.mayHaveResponses = true;
      if (r.requests) {
        this.status.generationDone = r.generationDone;
        this.status.keptCount += r.kept;
        this.status.admittedThrough += r.requests;
        this.nudge();
        if (this.status.generationDone) this.pokeTick();
      }
    } catch (error) {
      this.log(`job #${this.ctx.number}: admission failed, will retry: ${(error as Error).message}`);
    }
  }

  /** Tasks one request is expected to keep, from the yield of the requests admitted so far. */
  private expectedYield(): number {
    const s = this.status;
    const admitted = s.admittedThrough + 1;
    return admitted >= 3 ? Math.max(0.5, s.keptCount / admitted) : this.ctx.settings.perRequest * 0.7;
  }

  /** Task requests sent (by any worker, as far as this one knows) and not yet admitted. */
  private outstandingRequests(): number {
    const s = this.status;
    return s.nextRequestIndex + this.createdSinceStatus - (s.admittedThrough + 1);
  }

  /** Whether one more task request is worth sending, from the yield of the requests admitted so far. */
  private wantsNewRequest(): boolean {
    const s = this.status;
    if (s.generationDone || this.stopping) return false;
    return this.outstandingRequests() * this.expectedYield() < s.target - s.keptCount;
  }

  /**
   * Whether the responses waiting, plus those the requests in flight should bring, are running low: a
   * request takes about one call's time plus admission before its tasks can be answered, so a new one is
   * sent while there is still work for every slot meanwhile, rather than once the queue is empty (when
   * every slot would wait on task requests and admission at once).
   */
  private responsesRunLow(): boolean {
    const coming = this.outstandingRequests() * this.expectedYield();
    return this.responsesWaiting() + coming < this.ctx.settings.concurrency * LOOKAHEAD_CALLS;
  }

  /** Whether the responses waiting would keep every slot busy for more than a tick (and the end is far). */
  private responsesPlentiful(): boolean {
    const s = this.status;
    if (s.generationDone || s.target - s.keptCount < this.ctx.settings.concurrency * LOOKAHEAD_CALLS)
      return false;
    return this.responsesWaiting() > this.ctx.settings.concurrency * 1.5;
  }

  /** Kept tasks whose response nobody is asking for yet (as far as this driver knows; queued ones count). */
  private responsesWaiting(): number {
    const s = this.status;
    let answering = 0;
    for (const unit of this.inflight.keys()) if (unit.kind === "response") answering++;
    return s.keptCount - s.responsesDone - answering - this.responsesStoring;
  }

  private async claim(): Promise<ClaimedRequest | ClaimedResponse | null> {
    const jobId = this.ctx.id;
    // A request waiting for a retry comes first: admission waits for it, in index order.
    // One slot looks at a time; the others go on with other work meanwhile.
    if (this.mayHaveRetries && !this.status.generationDone && !this.checkingRetries) {
      this.checkingRetries = true;
      try {
        const unit = await claimRetryRequest(jobId, this.leaseMs);
        if (unit) return unit;
        this.mayHaveRetries = false;
      } finally {
        this.checkingRetries = false;
      }
    }
    const feed = this.wantsNewRequest() && this.responsesRunLow();
    if (!feed) {
      const unit = await this.takeResponse();
      if (unit) return unit;
    }
    if (feed || this.wantsNewRequest()) {
      this.createdSinceStatus++;
      const unit = await this.newRequest();
      if (unit) return unit;
      this.createdSinceStatus--;
    }
    return null;
  }

  /**
   * A new task request. The slots asking while one creation is in flight are served together by the next
   * (one statement on the job's row for all of them): at a job's start every slot asks at once, and one
   * insert after another would keep most of them waiting.
   */
  private newRequest(): Promise<ClaimedRequest | null> {
    return new Promise((resolve, reject) => {
      this.requestWaiters.push({ resolve, reject });
      if (!this.creatingRequests) void this.createWaitingRequests();
    });
  }

  private async createWaitingRequests(): Promise<void> {
    this.creatingRequests = true;
    const maxTokens = this.ctx.settings.maxTokens ?? maxTokensForTasks(this.ctx.settings.perRequest);
    try {
      while (this.requestWaiters.length) {
        const waiters = this.requestWaiters.splice(0);
        try {
          const units = await createRequests(this.ctx.id, maxTokens, this.leaseMs, waiters.length);
          waiters.forEach((w, i) => {
            w.resolve(units[i] ?? null);
          });
        } catch (error) {
          for (const w of waiters) w.reject(error);
        }
      }
    } finally {
      this.creatingRequests = false;
    }
  }

  /**
   * The next response to ask for, from the responses this driver has leased ahead (several in one round
   * trip, topped up in the background while slots are busy): no slot waits on a claim in the steady state.
   */
  private async takeResponse(): Promise<ClaimedResponse | null> {
    for (;;) {
      const unit = this.responseQueue.shift();
      if (unit) {
        if (this.responseQueue.length < this.responseBatch / 2 && this.mayHaveResponses)
          this.refillResponses().catch((error: unknown) =>
            this.log(`job #${this.ctx.number}: claim failed: ${(error as Error).message}`),
          );
        return unit;
      }
      if (!this.mayHaveResponses && !this.refilling) return null;
      await this.refillResponses();
      if (!this.responseQueue.length && !this.mayHaveResponses) return null;
    }
  }

  /** One claim of up to a batch of responses at a time (joined by whoever needs one meanwhile). */
  private refillResponses(): Promise<void> {
    this.refilling ??= (async () => {
      try {
        const units = await claimResponses(this.ctx.id, this.leaseMs, this.responseBatch);
        if (units.length < this.responseBatch) this.mayHaveResponses = false;
        this.responseQueue.push(...units);
        if (units.length) this.nudge();
      } finally {
        this.refilling = null;
      }
    })();
    return this.refilling;
  }

  private async slot(): Promise<void> {
    const lane: Lane = { write: Promise.resolve() };
    while (!this.stopping) {
      let unit: ClaimedRequest | ClaimedResponse | null = null;
      try {
        unit = await this.claim();
      } catch (error) {
        this.log(`job #${this.ctx.number}: claim failed: ${(error as Error).message}`);
      }
      if (!unit) {
        await this.idle(TICK_MS * 2);
        continue;
      }
      if (this.stopping) {
        await releaseUnit(unit);
        break;
      }
      await this.runUnit(unit, lane);
    }
  }

  /**
   * Stores a call's result while its slot goes on to the next call: the write is guarded by the unit's
   * lease like any other, and a slot has one write in flight at most (each waits for the one before). A
   * worker that dies before the write lands loses the result as it would lose a call in flight: the lease
   * expires and the unit is done again. The driver waits for every write before it returns.
   */
  private store(lane: Lane, what: string, write: () => Promise<void>): void {
    const done = lane.write
      .then(write)
      .catch((error: unknown) =>
        this.log(
          `job #${this.ctx.number}: could not store ${what} (it will be redone once its lease expires): ${(error as Error).message}`,
        ),
      )
      .finally(() => this.writes.delete(done));
    this.writes.add(done);
    lane.write = done;
  }

  /**
   * Queues a response for the next write: while one write is in flight the results that finish meanwhile
   * gather, and go together in the next (one round trip and one job-row update for all of them).
   */
  private storeResponse(result: ResponseResult): Promise<void> {
    return new Promise((resolve, reject) => {
      this.responseBatchQueue.push({ result, resolve, reject });
      if (!this.responseWriting) void this.writeResponses();
    });
  }

  private signalsChain: Promise<unknown> = Promise.resolve();
  private signalsFor(taskIds: string[]): void {
    const hook = this.opts.onResponsesStored;
    if (!hook) return;
    this.signalsChain = this.signalsChain
      .then(() => hook(taskIds))
      .catch((error: unknown) => this.log(`job #${this.ctx.number}: signals: ${(error as Error).message}`));
  }

  private async writeResponses(): Promise<void> {
    this.responseWriting = true;
    try {
      while (this.responseBatchQueue.length) {
        const batch = this.responseBatchQueue.splice(0, RESPONSE_WRITE_MAX);
        try {
          const { stored, totals } = await completeResponses(
            this.ctx.id,
            batch.map((b) => b.result),
          );
          // The records just written go to the caller's hook (their cheap signals), off the write path.
          if (stored.size) this.signalsFor([...stored]);
          for (const { result } of batch)
            if (!stored.has(result.unit.id))
              this.log(
                `job #${this.ctx.number}: response ${result.unit.seq} was taken over by another worker`,
              );
          if (totals) {
            // Fresh counts (they only grow).
            this.status.responsesDone = Math.max(this.status.responsesDone, totals.responsesDone);
            this.status.keptCount = Math.max(this.status.keptCount, totals.keptCount);
          }
          this.responsesStoring -= batch.length;
          for (const b of batch) b.resolve();
          if (totals && this.status.generationDone && totals.responsesDone >= totals.keptCount)
            this.pokeTick();
        } catch (error) {
          this.responsesStoring -= batch.length;
          for (const b of batch) b.reject(error);
        }
      }
    } finally {
      this.responseWriting = false;
    }
  }

  private async runUnit(unit: ClaimedRequest | ClaimedResponse, lane: Lane): Promise<void> {
    const { settings } = this.ctx;
    const ac = new AbortController();
    this.inflight.set(unit, ac);
    const model = unit.kind === "request" ? settings.taskModel : settings.responseModel;
    let seedIds: string[] = [];
    let messages: ReturnType<typeof buildResponseMessages>;
    let stop: string[] | undefined;
    let phiSources: PhiSource[];
    if (unit.kind === "request") {
      const picks = sampleSeedIndexes(
        this.ctx.seeds.length,
        settings.seedsPerRequest,
        this.ctx.rngSeed,
        unit.index,
      );
      const seeds = picks.map((i) => this.ctx.seeds[i] as JobContext["seeds"][number]);
      seedIds = seeds.map((s) => s.id);
      const prompt = buildTaskPrompt(this.ctx.taskPrompt, seeds, settings.perRequest);
      messages = prompt.messages;
      stop = prompt.stop;
      phiSources = seeds.map(seedSource);
    } else {
      messages = buildResponseMessages(this.ctx.responsePrompt.system, unit);
      phiSources = [
        {
          targetType: "generated",
          targetId: unit.id,
          label: `generated task ${unit.seq}`,
          fields: { instruction: unit.instruction, input: unit.input },
        },
      ];
    }
    const started = Date.now();
    // Generous on purpose: it guards the budget (the same reserve a start checks the budget against).
    const { promptTokens: promptEstimate, usd: reserve } = callReserve(
      this.ctx.prices,
      model,
      messages,
      unit.maxTokens,
    );
    const budget = this.status.budgetUsd;
    if (budget !== undefined && this.status.costUsd + this.reservedUsd + reserve > budget) {
      this.inflight.delete(unit);
      await releaseUnit(unit);
      if (this.inflight.size === 0)
        await this.pause(
          `${BUDGET_PAUSE_PREFIX}$${budget.toFixed(2)} does not cover the next call: $${this.status.costUsd.toFixed(2)} spent so far, and a call can cost up to $${reserve.toFixed(2)}. Raise the budget and resume to go on.`,
        );
      else await this.idle(TICK_MS);
      return;
    }
    this.reservedUsd += reserve;
    try {
      const estimate = promptEstimate + unit.maxTokens;
      await this.bucket.take(estimate, ac.signal);
      const result = await this.ctx.client.complete({
        model,
        messages,
        maxTokens: unit.maxTokens,
        temperature: settings.temperature,
        topP: settings.topP,
        presencePenalty: settings.presencePenalty,
        frequencyPenalty: settings.frequencyPenalty,
        stop,
        timeoutMs: settings.requestTimeoutMs,
        signal: ac.signal,
        phiSources,
      });
      const used = result.usage.promptTokens + result.usage.completionTokens;
      this.bucket.adjust(used - estimate);
      const usage = { ...result.usage, costUsd: costUsd(this.ctx.prices, model, result.usage) };
      if (unit.kind === "request") {
        this.status.costUsd += usage.costUsd;
        const completion = {
          ...usage,
          seedIds,
          completion: result.text,
          finishReason: result.finishReason,
          model: result.model || model,
          latencyMs: Date.now() - started,
        };
        this.store(lane, `request #${unit.index}`, async () => {
          const totals = await completeRequest(this.ctx.id, unit, completion);
          if (!totals)
            this.log(`job #${this.ctx.number}: request #${unit.index} was taken over by another worker`);
          // With plenty of responses still to ask for, the next tick admits this one together with the
          // others that finish meanwhile (one transaction instead of several); otherwise at once.
          if (!this.responsesPlentiful()) this.scheduleAdmit();
        });
      } else {
        if (!result.text.trim()) throw new ProviderError("server", "The model returned an empty response.");
        const response = { ...usage, output: result.text.trim(), model: result.model || model };
        this.status.costUsd += usage.costUsd;
        this.responsesStoring++;
        this.store(lane, `the response to task ${unit.seq}`, () => this.storeResponse({ unit, ...response }));
      }
    } catch (error) {
      if (error instanceof PhiBlockedError) {
        // Never sent: the unit goes back untouched and the job waits for the finding to be resolved.
        await releaseUnit(unit).catch(() => {});
        await pauseForPhi(this.ctx.id, error.blocks);
        this.stop("PAUSED");
      } else if (ac.signal.aborted) {
        // We stopped or the job was cancelled: the unit goes back untouched.
        await releaseUnit(unit).catch(() => {});
      } else await this.failed(unit, error);
    } finally {
      this.reservedUsd -= reserve;
      this.inflight.delete(unit);
    }
  }

  private async failed(unit: ClaimedRequest | ClaimedResponse, error: unknown): Promise<void> {
    const { settings } = this.ctx;
    const e = classifyError(error);
    const what = unit.kind === "request" ? `Task request #${unit.index}` : `Response for task ${unit.seq}`;
    let maxTokens = unit.maxTokens;
    let retryInMs = retryDelayMs(e, unit.attempts, Math.random, { baseMs: settings.retryBaseMs });
    if (e.kind === "context_length") {
      maxTokens = Math.max(16, Math.floor(unit.maxTokens * 0.8));
      retryInMs = 0;
    }
    const message = `${what} failed (attempt ${unit.attempts}): ${e.message}`;
    try {
      const totals = await failUnit(this.ctx.id, unit, { message: e.message, retryInMs, maxTokens });
      this.mayHaveRetries = true;
      this.mayHaveResponses = true;
      await logEvent(
        this.ctx.id,
        "warn",
        e.kind === "context_length"
          ? `${withoutFullStop(message)}; retrying with max_tokens ${maxTokens}`
          : retryingIn(message, retryInMs),
      );
      if (!totals) return;
      if (!e.retryable && e.kind !== "context_length") await this.pause(`${what}: ${e.message}`);
      else if (unit.attempts >= settings.maxAttempts)
        await this.pause(`${what} failed ${unit.attempts} times; last error: ${e.message}`);
      else if (totals.failureStreak >= settings.failureLimit)
        await this.pause(`${totals.failureStreak} calls failed in a row; last error: ${e.message}`);
    } catch (dbError) {
      this.log(`job #${this.ctx.number}: could not record a failure: ${(dbError as Error).message}`);
    }
  }
}
