import "server-only";
import { jsonlObject, recordRenderer } from "@/lib/dataset/publish/formats";
import type { DatasetRecord } from "@/lib/dataset/types";
import { db } from "@/lib/db";
import type { GeneratedExportFormat } from "@/lib/validation/generation";

// The generated dataset as the job made it (before curation: a release is the curated one), streamed in
// `seq` order (the order tasks were kept): Alpaca JSON {instruction, input, output} (the MedInstruct-52k
// shape), or JSONL with tags and provenance, through the release formats' own renderers. Only kept tasks
// with a response are written.

const PAGE = 2000;

type Row = {
  id: string;
  seq: number;
  instruction: string;
  input: string;
  output: string;
  taskType: string;
  topic: string;
  view: string;
  difficulty: number | null;
  raw: string;
  maxRougeL: number | null;
  mostSimilarId: string | null;
  responseModel: string | null;
  requestId: string;
  requestIndex: number;
  seedIds: string[];
  taskModel: string | null;
};

async function* rows(jobId: string): AsyncGenerator<Row> {
  let after = 0;
  for (;;) {
    const page = await db.$queryRaw<Row[]>`
      SELECT t.id, t.seq, t.instruction, t.input, t.output, t."taskType", t.topic, t.view, t.difficulty, t.raw,
             t."maxRougeL", t."mostSimilarId", t."responseModel", t."requestId",
             r.index AS "requestIndex", r."seedIds", r.model AS "taskModel"
        FROM "GeneratedTask" t JOIN "GenerationRequest" r ON r.id = t."requestId"
       WHERE t."jobId" = ${jobId} AND t.kept AND t."responseStatus" = 'DONE' AND t.seq > ${after}
       ORDER BY t.seq
       LIMIT ${PAGE}`;
    for (const row of page) yield row;
    if (page.length < PAGE) return;
    after = (page[page.length - 1] as Row).seq;
  }
}

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
  const record = (r: Row): DatasetRecord => ({
    id: r.id,
    jobId: job.id,
    jobNumber: job.number,
    seq: r.seq,
    instruction: r.instruction,
    input: r.input,
    output: r.output,
    taskType: r.taskType,
    topic: r.topic,
    view: r.view,
    difficulty: r.difficulty,
    edited: false,
    provenance: {
      requestId: r.requestId,
      requestIndex: r.requestIndex,
      seedIds: r.seedIds,
      taskModel: r.taskModel,
      responseModel: r.responseModel,
      taskPromptVersion: job.taskPrompt.version,
      responsePromptVersion: job.responsePrompt.version,
      maxRougeL: r.maxRougeL,
      mostSimilar: r.mostSimilarId,
    },
  });
  if (format === "alpaca") {
    const alpaca = recordRenderer("alpaca");
    let i = 0;
    yield alpaca.head;
    for await (const r of rows(jobId)) yield alpaca.row(record(r), i++);
    yield alpaca.tail(i);
    return;
  }
  for await (const r of rows(jobId)) {
    const line = jsonlObject(record(r));
    yield `${JSON.stringify({ ...line, provenance: { ...line.provenance, raw: r.raw } })}\n`;
  }
}

export const datasetFileName = (number: number, format: GeneratedExportFormat) =>
  `medseed-generation-${number}-${format}.${format === "alpaca" ? "json" : "jsonl"}`;

export async function datasetJob(jobId: string): Promise<{ id: string; number: number } | null> {
  return db.generationJob.findUnique({ where: { id: jobId }, select: { id: true, number: true } });
}
