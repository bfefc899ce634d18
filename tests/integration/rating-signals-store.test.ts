import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { editRecord } from "@/lib/dataset/curation";
import { db } from "@/lib/db";
import { driveJob } from "@/lib/generation/engine/driver";
import { refreshAllSignals, refreshSignals } from "@/lib/rating/signals-store";
import { type FakeServer, startFakeOpenAIServer } from "@/tests/support/fake-openai-server";
import { makeUser } from "../support/factories";
import { makeJob } from "../support/generation";

// Cheap signals stored beside every generated record: written with the responses, recomputed after an
// edit, and backfilled for records written before signals existed.

let server: FakeServer;
let job: Awaited<ReturnType<typeof makeJob>>;
beforeAll(async () => {
  server = await startFakeOpenAIServer({ seed: 31, latencyMs: 2 });
  job = await makeJob(server.baseUrl, { target: 20, concurrency: 4 });
  // As lib/workers.ts drives jobs: the stored responses' signals through the driver's hook.
  expect(await driveJob(job.id, { onResponsesStored: (taskIds) => refreshSignals({ taskIds }) })).toBe(
    "COMPLETED",
  );
}, 60_000);
afterAll(async () => {
  await server.close();
});

const signalsOf = (jobId: string) =>
  db.recordSignals.findMany({ where: { task: { jobId } }, include: { task: true } });

describe("stored signals", () => {
  it("are written with every response of a job", async () => {
    const rows = await signalsOf(job.id);
    expect(rows).toHaveLength(20);
    for (const r of rows) {
      expect(r.words).toBe(r.task.output?.match(/\S+/g)?.length);
      expect(r.curationVersion).toBe(0);
    }
  });

  it("are backfilled for records without them, and follow an edit", async () => {
    const kept = await db.generatedTask.findMany({
      where: { jobId: job.id, kept: true },
      orderBy: { seq: "asc" },
    });
    const [a, b, c] = kept as [(typeof kept)[0], (typeof kept)[0], (typeof kept)[0]];
    // Records as they were before signals existed: no row; one of them a refusal copying its instruction.
    await db.recordSignals.deleteMany({ where: { task: { jobId: job.id } } });
    await db.generatedTask.update({
      where: { id: a.id },
      data: { output: `I'm sorry, but I cannot provide medical advice. ${a.instruction}` },
    });
    expect(await db.recordSignals.count({ where: { task: { jobId: job.id } } })).toBe(0);
    // Two backfills at once write each row once.
    const [n1, n2] = await Promise.all([
      refreshAllSignals({ jobId: job.id }),
      refreshAllSignals({ jobId: job.id }),
    ]);
    expect(n1 + n2).toBeGreaterThanOrEqual(20);
    expect(await db.recordSignals.count({ where: { task: { jobId: job.id } } })).toBe(20);
    const refusal = await db.recordSignals.findUniqueOrThrow({ where: { taskId: a.id } });
    expect(refusal.refusal).toBe(true);
    expect(refusal.patterns).toContain("cannot-give-medical-advice");
    expect(refusal.rougeLInstruction).toBeGreaterThan(0.5);
    expect(await refreshAllSignals({ jobId: job.id })).toBe(0);

    // A reviewer's edit: a Spanish answer to a multiple-choice question without its answer line.
    const reviewer = await makeUser({ roles: ["REVIEWER"] });
    await editRecord(
      {
        taskId: b.id,
        version: 0,
        instruction:
          "Which of the following bones is found in the lower leg of an adult patient, below the knee joint? A) Femur B) Tibia C) Humerus D) Radius",
        input: "",
        output:
          "La tibia es el hueso principal de la pierna, situado en la parte interna y anterior, y soporta la mayor parte del peso del cuerpo.",
      },
      reviewer,
    );
    const edited = await db.recordSignals.findUniqueOrThrow({ where: { taskId: b.id } });
    expect(edited.curationVersion).toBe(1);
    expect(edited.multipleChoice).toBe(true);
    expect(edited.missingAnswerLine).toBe(true);
    expect(edited.languageMismatch).toBe(true);
    const untouched = await db.recordSignals.findUniqueOrThrow({ where: { taskId: c.id } });
    expect(untouched.refusal).toBe(false);
  });
});
