import "server-only";
import { setTimeout as sleep } from "node:timers/promises";
import { db } from "@/lib/db";
import { costUsd } from "@/lib/generation/prices";
import { buildResponseMessages } from "@/lib/generation/prompt/response-prompt";
import { buildTaskPrompt, maxTokensForTasks } from "@/lib/generation/prompt/task-prompt";
import { classifyError, ProviderError, retryDelayMs, TokenBucket } from "@/lib/generation/provider";
import { sampleSeedIndexes } from "@/lib/generation/rng";
import { Admitter } from "./admission";
import { type JobContext, JobSetupError, loadJobContext, logEvent } from "./context";
import {
  type ClaimedRequest,
  type ClaimedResponse,
  claimResponse,
  claimRetryRequest,
  completeRequest,
  completeResponse,
  createRequest,
  failUnit,
  releaseUnit,
  retireUnneededRequests,
} from "./units";

// Drives one job in this process until it completes, pauses, is cancelled, or the caller stops it. Any
// number of drivers (in any number of processes) may drive the same job at once: units are leased, results
// are written by the lease holder only, admission is serialised per job (./admission.ts).

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
};

async function readStatus(jobId: string): Promise<JobStatus> {
  const job = await db.generationJob.findUniqueOrThrow({
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
    },
  });
  return { ...job, state: job.state as string };
}

/** Pauses a running job with the reason shown on its page. */
export async function pauseForError(jobId: string, message: string): Promise<void> {
  const { count } = await db.generationJob.updateMany({
    where: { id: jobId, state: "RUNNING" },
    data: { state: "PAUSED", error: message },
  });
  if (count) await logEvent(jobId, "error", `Paused: ${message}`);
}

const DEFAULT_LEASE_MARGIN_MS = Number(process.env.MEDSEED_GENERATION_LEASE_MARGIN_MS ?? 30_000);
const DEFAULT_HEARTBEAT_MS = Number(process.env.MEDSEED_GENERATION_HEARTBEAT_MS ?? 2_000);
const TICK_MS = 200;

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
  return new Driver(ctx, opts, log).run();
}

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
  // Hints that save a query per claim: set when there may be work of that kind, cleared when a claim finds none.
  private mayHaveRetries = true;
  private mayHaveResponses = true;
  private createdSinceStatus = 0;
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
          if (this.ctx.settings.budgetUsd !== undefined && s.costUsd >= this.ctx.settings.budgetUsd)
            await this.pause(
              `The budget of $${this.ctx.settings.budgetUsd.toFixed(2)} is reached ($${s.costUsd.toFixed(2)} spent). Raise it and resume to go on.`,
            );
        }
      } catch (error) {
        this.log(`job #${this.ctx.number}: status check failed: ${(error as Error).message}`);
      }
      this.nudge();
      await sleep(TICK_MS);
    }
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
      }
    } catch (error) {
      this.log(`job #${this.ctx.number}: admission failed, will retry: ${(error as Error).message}`);
    }
  }

  /** Whether one more task request is worth sending, from the yield of the requests admitted so far. */
  private wantsNewRequest(): boolean {
    const s = this.status;
    if (s.generationDone || this.stopping) return false;
    const admitted = s.admittedThrough + 1;
    const perRequest =
      admitted >= 3 ? Math.max(0.5, s.keptCount / admitted) : this.ctx.settings.perRequest * 0.7;
    const outstanding = s.nextRequestIndex + this.createdSinceStatus - admitted;
    return outstanding * perRequest < s.target - s.keptCount;
  }

  private async claim(): Promise<ClaimedRequest | ClaimedResponse | null> {
    const jobId = this.ctx.id;
    // A request waiting for a retry comes first: admission waits for it, in index order.
    if (this.mayHaveRetries && !this.status.generationDone) {
      const unit = await claimRetryRequest(jobId, this.leaseMs);
      if (unit) return unit;
      this.mayHaveRetries = false;
    }
    if (this.mayHaveResponses) {
      const unit = await claimResponse(jobId, this.leaseMs);
      if (unit) return unit;
      this.mayHaveResponses = false;
    }
    if (this.wantsNewRequest()) {
      this.createdSinceStatus++;
      const maxTokens = this.ctx.settings.maxTokens ?? maxTokensForTasks(this.ctx.settings.perRequest);
      const unit = await createRequest(jobId, maxTokens, this.leaseMs);
      if (unit) return unit;
      this.createdSinceStatus--;
    }
    return null;
  }

  private async slot(): Promise<void> {
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
      await this.runUnit(unit);
    }
  }

  private async runUnit(unit: ClaimedRequest | ClaimedResponse): Promise<void> {
    const { settings } = this.ctx;
    const ac = new AbortController();
    this.inflight.set(unit, ac);
    const model = unit.kind === "request" ? settings.taskModel : settings.responseModel;
    let seedIds: string[] = [];
    let messages: ReturnType<typeof buildResponseMessages>;
    let stop: string[] | undefined;
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
    } else {
      messages = buildResponseMessages(this.ctx.responsePrompt.system, unit);
    }
    const started = Date.now();
    // Generous on purpose (about 3.5 characters a token, plus the chat framing): it guards the budget.
    const promptEstimate = Math.ceil(messages.reduce((n, m) => n + m.content.length + 16, 0) / 3.5);
    const reserve = costUsd(this.ctx.prices, model, {
      promptTokens: promptEstimate,
      completionTokens: unit.maxTokens,
    });
    const budget = settings.budgetUsd;
    if (budget !== undefined && this.status.costUsd + this.reservedUsd + reserve > budget) {
      this.inflight.delete(unit);
      await releaseUnit(unit);
      if (this.inflight.size === 0)
        await this.pause(
          `The budget of $${budget.toFixed(2)} is reached: $${this.status.costUsd.toFixed(2)} spent, and the next call could cost up to $${reserve.toFixed(2)}. Raise the budget and resume to go on.`,
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
      });
      const used = result.usage.promptTokens + result.usage.completionTokens;
      this.bucket.adjust(used - estimate);
      const usage = { ...result.usage, costUsd: costUsd(this.ctx.prices, model, result.usage) };
      if (unit.kind === "request") {
        const totals = await completeRequest(this.ctx.id, unit, {
          ...usage,
          seedIds,
          completion: result.text,
          finishReason: result.finishReason,
          model: result.model || model,
          latencyMs: Date.now() - started,
        });
        if (!totals)
          this.log(`job #${this.ctx.number}: request #${unit.index} was taken over by another worker`);
        this.status.costUsd += usage.costUsd;
        this.scheduleAdmit();
      } else {
        if (!result.text.trim()) throw new ProviderError("server", "The model returned an empty response.");
        const totals = await completeResponse(this.ctx.id, unit, {
          ...usage,
          output: result.text.trim(),
          model: result.model || model,
        });
        this.status.costUsd += usage.costUsd;
        if (!totals)
          this.log(`job #${this.ctx.number}: response ${unit.seq} was taken over by another worker`);
      }
    } catch (error) {
      if (ac.signal.aborted) {
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
        `${message}${e.kind === "context_length" ? `; retrying with max_tokens ${maxTokens}` : `; retrying in ${(retryInMs / 1000).toFixed(1)} s`}`,
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
