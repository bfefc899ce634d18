import "server-only";
import { keptRecords } from "@/lib/dataset/kept-records";
import { jsonlObject, recordRenderer } from "@/lib/dataset/publish/formats";
import { db } from "@/lib/db";
import type { GeneratedExportFormat } from "@/lib/validation/generation";

// The generated dataset as the job made it (before curation: a release is the curated one), streamed in
// `seq` order (the order tasks were kept): Alpaca JSON {instruction, input, output} (the MedInstruct-52k
// shape), or JSONL with tags and provenance, through the release formats' own renderers. Only kept tasks
// with a response are written; records a reviewer excluded since are in it too (it is the job's output, and
// the job page says so), marked `provenance.excluded` in the JSONL.

export async function* datasetChunks(jobId: string, format: GeneratedExportFormat): AsyncGenerator<string> {
  const job = await db.generationJob.findUniqueOrThrow({
    where: { id: jobId },
    select: {
      id: true,
      number: true,
      taskPrompt: { select: { version: true } },
      responsePrompt: { select: { version: true } },
    },
  });
  const source = {
    id: job.id,
    number: job.number,
    taskPromptVersion: job.taskPrompt.version,
    responsePromptVersion: job.responsePrompt.version,
  };
  const answered = async function* () {
    for await (const r of keptRecords(source, "original")) if (r.answered) yield r;
  };
  if (format === "alpaca") {
    const alpaca = recordRenderer("alpaca");
    let i = 0;
    yield alpaca.head;
    for await (const r of answered()) yield alpaca.row(r, i++);
    yield alpaca.tail(i);
    return;
  }
  for await (const r of answered()) {
    const line = jsonlObject(r);
    const provenance = { ...line.provenance, raw: r.raw, ...(r.excluded ? { excluded: true } : {}) };
    yield `${JSON.stringify({ ...line, provenance })}\n`;
  }
}

export const datasetFileName = (number: number, format: GeneratedExportFormat) =>
  `medseed-generation-${number}-${format}.${format === "alpaca" ? "json" : "jsonl"}`;

export async function datasetJob(jobId: string): Promise<{ id: string; number: number } | null> {
  return db.generationJob.findUnique({ where: { id: jobId }, select: { id: true, number: true } });
}
