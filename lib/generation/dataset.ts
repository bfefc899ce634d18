import "server-only";
import { db } from "@/lib/db";
import type { GeneratedExportFormat } from "@/lib/validation/generation";

// The generated dataset, streamed in `seq` order (the order tasks were kept): Alpaca JSON
// {instruction, input, output} (the MedInstruct-52k shape), or JSONL with tags and provenance. Only kept
// tasks with a response are written.

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
  if (format === "alpaca") {
    let first = true;
    yield "[";
    for await (const r of rows(jobId)) {
      yield `${first ? "\n" : ",\n"}  ${JSON.stringify({ instruction: r.instruction, input: r.input, output: r.output })}`;
      first = false;
    }
    yield first ? "]\n" : "\n]\n";
    return;
  }
  for await (const r of rows(jobId)) {
    yield `${JSON.stringify({
      instruction: r.instruction,
      input: r.input,
      output: r.output,
      type: r.taskType,
      topic: r.topic,
      view: r.view,
      difficulty: r.difficulty,
      provenance: {
        job: job.id,
        job_number: job.number,
        seq: r.seq,
        task_id: r.id,
        request: r.requestId,
        request_index: r.requestIndex,
        seed_ids: r.seedIds,
        task_model: r.taskModel,
        response_model: r.responseModel,
        task_prompt_version: job.taskPrompt.version,
        response_prompt_version: job.responsePrompt.version,
        max_rouge_l: r.maxRougeL,
        most_similar: r.mostSimilarId,
        raw: r.raw,
      },
    })}\n`;
  }
}

export const datasetFileName = (number: number, format: GeneratedExportFormat) =>
  `medseed-generation-${number}-${format}.${format === "alpaca" ? "json" : "jsonl"}`;

export async function datasetJob(jobId: string): Promise<{ id: string; number: number } | null> {
  return db.generationJob.findUnique({ where: { id: jobId }, select: { id: true, number: true } });
}
