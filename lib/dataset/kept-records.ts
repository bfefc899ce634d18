import "server-only";
import type { DatasetRecord } from "@/lib/dataset/types";
import { db } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";

// A job's kept tasks as dataset records, in the order the job kept them, with their provenance, a page at a
// time: the one query behind the job's own download (the text as generated) and a release (as curated).

const PAGE = 2000;

/** A kept record and what decides whether it is published: its curation, and whether it was answered. */
export type KeptRecord = DatasetRecord & {
  curationVersion: number;
  excluded: boolean;
  /** the response model has answered it: only answered records are downloaded or published */
  answered: boolean;
  /** the latest LLM rating (issue 17), null when unrated */
  qualityScore: number | null;
  /** the completion block the task was parsed from (read with the text as generated only) */
  raw: string | null;
};

export type RecordsJob = {
  id: string;
  number: number;
  taskPromptVersion: number;
  responsePromptVersion: number;
};

type Row = {
  id: string;
  seq: number;
  instruction: string;
  input: string;
  output: string | null;
  taskType: string;
  topic: string;
  view: string;
  difficulty: number | null;
  edited: boolean;
  curationVersion: number;
  excluded: boolean;
  answered: boolean;
  qualityScore: number | null;
  raw: string | null;
  requestId: string;
  requestIndex: number;
  seedIds: string[];
  taskModel: string | null;
  responseModel: string | null;
  maxRougeL: number | null;
  mostSimilar: string | null;
};

// A release holds every record in memory while it de-duplicates: it leaves the raw block out.
const TEXT = {
  original: Prisma.sql`t.instruction, t.input, t.output, false AS edited, t.raw`,
  curated: Prisma.sql`COALESCE(t."curatedInstruction", t.instruction) AS instruction,
    COALESCE(t."curatedInput", t.input) AS input, COALESCE(t."curatedOutput", t.output) AS output,
    (t."curatedInstruction" IS NOT NULL OR t."curatedInput" IS NOT NULL OR t."curatedOutput" IS NOT NULL) AS edited,
    NULL AS raw`,
};

/** Every kept task of the job, its text `as` generated (the job's download) or curated (a release). */
export async function* keptRecords(job: RecordsJob, as: keyof typeof TEXT): AsyncGenerator<KeptRecord> {
  let after = 0;
  for (;;) {
    const page = await db.$queryRaw<Row[]>`
      SELECT t.id, t.seq, ${TEXT[as]}, t."taskType", t.topic, t.view, t.difficulty, t."curationVersion",
             t.excluded, (t."responseStatus" = 'DONE' AND t.output IS NOT NULL) AS answered,
             t."requestId", r.index AS "requestIndex", r."seedIds", r.model AS "taskModel", t."responseModel",
             t."maxRougeL", t."mostSimilarId" AS "mostSimilar", t."qualityScore"
        FROM "GeneratedTask" t JOIN "GenerationRequest" r ON r.id = t."requestId"
       WHERE t."jobId" = ${job.id} AND t.kept AND t.seq > ${after}
       ORDER BY t.seq
       LIMIT ${PAGE}`;
    for (const r of page)
      yield {
        id: r.id,
        jobId: job.id,
        jobNumber: job.number,
        seq: r.seq,
        instruction: r.instruction,
        input: r.input,
        output: r.output ?? "",
        taskType: r.taskType,
        topic: r.topic,
        view: r.view,
        difficulty: r.difficulty,
        edited: r.edited,
        curationVersion: r.curationVersion,
        excluded: r.excluded,
        answered: r.answered,
        qualityScore: r.qualityScore,
        raw: r.raw,
        provenance: {
          requestId: r.requestId,
          requestIndex: r.requestIndex,
          seedIds: r.seedIds,
          taskModel: r.taskModel,
          responseModel: r.responseModel,
          taskPromptVersion: job.taskPromptVersion,
          responsePromptVersion: job.responsePromptVersion,
          maxRougeL: r.maxRougeL,
          mostSimilar: r.mostSimilar,
        },
      };
    if (page.length < PAGE) return;
    after = (page.at(-1) as Row).seq;
  }
}
