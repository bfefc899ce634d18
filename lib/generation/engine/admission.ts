import "server-only";
import { randomUUID } from "node:crypto";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { IncrementalDeduper } from "@/lib/generation/dedup";
import { filterTask } from "@/lib/generation/filters";
import { parseTaskCompletion } from "@/lib/generation/parse";
import type { DiscardReason } from "@/lib/model/discard-reasons";
import type { JobContext } from "./context";

// Admission: the completions of a job's task requests become tasks, one request at a time in index order,
// under a per-job advisory lock. Parse -> tags -> Alpaca's filters -> target -> ROUGE-L against the seeds and
// every task kept before. Whatever the number of workers, and whatever order their calls finish in, the tasks
// kept are those one sequential run would keep, and a request is admitted exactly once (same transaction).

/** The task numbers a request asks for: the seeds shown are numbered 1..k, the new tasks follow. */
export function requestNumbers(ctx: Pick<JobContext, "settings" | "seeds">): { first: number; last: number } {
  const shown = Math.min(ctx.settings.seedsPerRequest, ctx.seeds.length);
  return { first: shown + 1, last: shown + ctx.settings.perRequest };
}

const SEED_PREFIX = "seed:";
const BATCH = 200;

type DedupState = { deduper: IncrementalDeduper; texts: Map<string, string>; seq: number };

export type AdmitResult = { requests: number; kept: number; discarded: number; generationDone: boolean };

export class Admitter {
  // The deduper mirrors the seeds plus the kept tasks in `seq` order; other workers' admissions are
  // caught up on at the start of each transaction. Rebuilt from the database after any failure.
  private state: DedupState | null = null;

  constructor(private readonly ctx: JobContext) {}

  private async sync(tx: Prisma.TransactionClient): Promise<DedupState> {
    if (!this.state) {
      const deduper = new IncrementalDeduper(this.ctx.settings.threshold);
      const texts = new Map<string, string>();
      for (const seed of this.ctx.seeds) {
        deduper.addReference(SEED_PREFIX + seed.id, seed.instruction);
        texts.set(SEED_PREFIX + seed.id, seed.instruction);
      }
      this.state = { deduper, texts, seq: 0 };
    }
    const state = this.state;
    for (;;) {
      const rows = await tx.generatedTask.findMany({
        where: { jobId: this.ctx.id, kept: true, seq: { gt: state.seq } },
        orderBy: { seq: "asc" },
        select: { id: true, seq: true, instruction: true },
        take: 5000,
      });
      for (const row of rows) {
        // Added without a search: it was compared when it was admitted, against this same history.
        state.deduper.addReference(row.id, row.instruction);
        state.texts.set(row.id, row.instruction);
        state.seq = row.seq as number;
      }
      if (rows.length < 5000) return state;
    }
  }

  /** Admits every request that can be admitted now. */
  async admit(): Promise<AdmitResult> {
    try {
      return await db.$transaction(async (tx) => this.admitIn(tx), { timeout: 120_000, maxWait: 60_000 });
    } catch (error) {
      this.state = null;
      throw error;
    }
  }

  private async admitIn(tx: Prisma.TransactionClient): Promise<AdmitResult> {
    const jobId = this.ctx.id;
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${jobId}, 7))`;
    const job = await tx.generationJob.findUniqueOrThrow({
      where: { id: jobId },
      select: {
        admittedThrough: true,
        keptCount: true,
        discardCounts: true,
        generationDone: true,
        state: true,
      },
    });
    const result: AdmitResult = { requests: 0, kept: 0, discarded: 0, generationDone: job.generationDone };
    if (job.state === "CANCELLED") return result;
    const requests = await tx.generationRequest.findMany({
      where: { jobId, index: { gt: job.admittedThrough, lte: job.admittedThrough + BATCH } },
      orderBy: { index: "asc" },
      select: { id: true, index: true, status: true, completion: true, finishReason: true, seedIds: true },
    });
    const ready: typeof requests = [];
    for (const r of requests) {
      if (r.index !== job.admittedThrough + 1 + ready.length) break;
      if (r.status !== "DONE" && r.status !== "FAILED") break;
      ready.push(r);
    }
    if (!ready.length) return result;

    const state = await this.sync(tx);
    const { first, last } = requestNumbers(this.ctx);
    let kept = job.keptCount;
    const counts: Record<string, number> = { ...(job.discardCounts as Record<string, number>) };
    const rows: Prisma.GeneratedTaskCreateManyInput[] = [];
    let parsed = 0;
    const emptyRequests: number[] = [];
    for (const request of ready) {
      if (request.status === "FAILED") continue; // not needed (target reached): nothing was sent
      const tasks = parseTaskCompletion(request.completion ?? "", {
        firstNumber: first,
        lastNumber: last,
        truncated: request.finishReason === "length",
        knownTypes: this.ctx.knownTypes,
        knownTopics: this.ctx.knownTopics,
        knownViews: this.ctx.knownViews,
      });
      if (!tasks.length) emptyRequests.push(request.index);
      for (const item of tasks) {
        const base = { jobId, requestId: request.id, position: item.position, raw: item.raw };
        const discard = (
          reason: DiscardReason,
          detail: string,
          fields: Partial<Prisma.GeneratedTaskCreateManyInput> = {},
        ) => {
          counts[reason] = (counts[reason] ?? 0) + 1;
          result.discarded++;
          rows.push({ ...base, instruction: "", ...fields, kept: false, reason, detail });
        };
        if (!item.ok) {
          discard(item.reason, item.detail);
          continue;
        }
        parsed++;
        // The parser has put the tags on the vocabularies already (type variants, difficulty 1-5).
        const fields = {
          instruction: item.task.instruction,
          input: item.task.input,
          taskType: item.task.type,
          topic: item.task.topic,
          view: item.task.view,
          difficulty: item.task.difficulty,
        };
        const filtered = filterTask(
          fields.instruction,
          this.ctx.settings.filters,
          this.ctx.settings.filterVersion ?? 1,
        );
        if (filtered) {
          discard(`filter:${filtered.reason}`, filtered.detail, fields);
          continue;
        }
        if (kept >= this.ctx.target) {
          discard("target_reached", `The job already had its ${this.ctx.target} tasks.`, fields);
          continue;
        }
        const id = randomUUID();
        const decision = state.deduper.offer(id, fields.instruction);
        const similar = {
          maxRougeL: decision.maxRougeL,
          mostSimilarId: decision.mostSimilar,
          mostSimilarText:
            decision.mostSimilar === null ? null : (state.texts.get(decision.mostSimilar) ?? null),
        };
        if (!decision.kept) {
          discard(
            "duplicate",
            `ROUGE-L ${decision.maxRougeL.toFixed(3)} > ${this.ctx.settings.threshold} against an earlier task.`,
            { ...fields, ...similar },
          );
          continue;
        }
        kept++;
        state.texts.set(id, fields.instruction);
        state.seq = kept;
        result.kept++;
        rows.push({
          ...base,
          ...fields,
          ...similar,
          id,
          kept: true,
          seq: kept,
          responseStatus: "PENDING",
          responseMaxTokens: this.ctx.settings.responseMaxTokens,
        });
      }
    }
    if (rows.length) await tx.generatedTask.createMany({ data: rows });
    await tx.generationRequest.updateMany({
      where: { id: { in: ready.map((r) => r.id) } },
      data: { admitted: true },
    });
    result.requests = ready.length;
    result.generationDone = kept >= this.ctx.target;
    await tx.generationJob.update({
      where: { id: jobId },
      data: {
        admittedThrough: job.admittedThrough + ready.length,
        keptCount: kept,
        parsedCount: { increment: parsed },
        discardedCount: { increment: result.discarded },
        discardCounts: counts,
        generationDone: result.generationDone,
      },
    });
    if (emptyRequests.length)
      await tx.generationEvent.create({
        data: {
          jobId,
          level: "warn",
          message: `No task could be read from the completion of request${emptyRequests.length > 1 ? "s" : ""} #${emptyRequests.join(", #")} (kept on record with the request).`,
        },
      });
    return result;
  }
}
