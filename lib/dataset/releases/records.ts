import "server-only";
import type { DatasetRecord } from "@/lib/dataset/types";
import { db } from "@/lib/db";

// The records of one job a release looks at: every kept task, as curated, in the order the job kept them,
// with its provenance, and whether it is publishable (answered and not excluded). Reading the ones left out
// in the same pass keeps the release's counts consistent with what it took.

const PAGE = 2000;

type Row = Omit<DatasetRecord, "provenance" | "jobNumber"> & {
  curationVersion: number;
  requestId: string;
  requestIndex: number;
  seedIds: string[];
  taskModel: string | null;
  responseModel: string | null;
  maxRougeL: number | null;
  mostSimilar: string | null;
  excluded: boolean;
  answered: boolean;
};

export type ReleaseRow = DatasetRecord & { curationVersion: number; excluded: boolean; answered: boolean };

export async function* releaseRows(job: {
  id: string;
  number: number;
  taskPromptVersion: number;
  responsePromptVersion: number;
}): AsyncGenerator<ReleaseRow> {
  let after = 0;
  for (;;) {
    const page = await db.$queryRaw<Row[]>`
      SELECT t.id, t."jobId", t.seq, COALESCE(t."curatedInstruction", t.instruction) AS instruction,
             COALESCE(t."curatedInput", t.input) AS input, COALESCE(t."curatedOutput", t.output) AS output,
             t."taskType", t.topic, t.view, t.difficulty, t."curationVersion",
             (t."curatedInstruction" IS NOT NULL OR t."curatedInput" IS NOT NULL OR t."curatedOutput" IS NOT NULL) AS edited,
             t."requestId", r.index AS "requestIndex", r."seedIds", r.model AS "taskModel", t."responseModel",
             t."maxRougeL", t."mostSimilarId" AS "mostSimilar", t.excluded,
             (t."responseStatus" = 'DONE' AND t.output IS NOT NULL) AS answered
        FROM "GeneratedTask" t JOIN "GenerationRequest" r ON r.id = t."requestId"
       WHERE t."jobId" = ${job.id} AND t.kept AND t.seq > ${after}
       ORDER BY t.seq
       LIMIT ${PAGE}`;
    for (const r of page)
      yield {
        id: r.id,
        jobId: r.jobId,
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
    after = (page.at(-1) as Row).seq as number;
  }
}
