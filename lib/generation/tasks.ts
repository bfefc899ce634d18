import "server-only";
import { db } from "@/lib/db";
import type { GeneratedTaskRow } from "./types";

// The tasks of a job, kept or discarded (with the reason and, for duplicates, the most similar task), a page
// at a time, for the job page.

export const TASKS_PAGE = 50;

/** A task as the job page lists it: with the pipeline's detail, the most similar task's text and the raw block. */
export type JobTaskRow = GeneratedTaskRow & {
  detail: string | null;
  mostSimilarText: string | null;
  raw: string;
};

export async function listJobTasks(
  jobId: string,
  opts: { kept: boolean; reason?: string; page?: number },
): Promise<{ rows: JobTaskRow[]; total: number }> {
  const where = { jobId, kept: opts.kept, ...(opts.reason ? { reason: opts.reason } : {}) };
  const page = Math.max(1, opts.page ?? 1);
  const [rows, total] = await Promise.all([
    db.generatedTask.findMany({
      where,
      orderBy: opts.kept ? { seq: "asc" } : [{ createdAt: "asc" }, { position: "asc" }],
      skip: (page - 1) * TASKS_PAGE,
      take: TASKS_PAGE,
      include: { request: { select: { index: true } } },
    }),
    db.generatedTask.count({ where }),
  ]);
  return {
    total,
    rows: rows.map((t) => ({
      id: t.id,
      seq: t.seq,
      kept: t.kept,
      reason: t.reason,
      detail: t.detail,
      instruction: t.instruction,
      input: t.input,
      taskType: t.taskType,
      topic: t.topic,
      view: t.view,
      difficulty: t.difficulty,
      output: t.output,
      maxRougeL: t.maxRougeL,
      mostSimilarText: t.mostSimilarText,
      raw: t.raw,
      requestIndex: t.request.index,
    })),
  };
}
