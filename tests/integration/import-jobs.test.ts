import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { queueBoss, stopQueue } from "@/lib/queue/boss";
import {
  commitImportJob,
  discardImportJob,
  INLINE_MAX_BYTES,
  importJobView,
  startImportJob,
} from "@/lib/seeds/import/jobs";
import { sweepImportJobs, workImportQueue } from "@/lib/seeds/import/queue";
import type { ImportJobView } from "@/lib/seeds/import/types";
import { generateNaturalRows } from "../fixtures/import";
import { makeUser } from "../support/factories";
import { isolateDatabase } from "../support/isolated-db";

isolateDatabase();

// Large uploads are checked and imported by a worker on the real pg-boss queue (started here as the app
// starts it), with progress in the job row; small ones within the request. Only the uploader sees a job.

let worker: { stop(): Promise<void> } | undefined;
const logged: string[] = [];

async function startWorker() {
  worker = await workImportQueue(await queueBoss(), (line) => logged.push(line));
}
beforeAll(startWorker);
afterAll(async () => {
  await worker?.stop();
  await stopQueue();
});

async function waitFor<T>(what: string, probe: () => Promise<T | null | undefined>, ms = 120_000) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    const found = await probe();
    if (found) return found;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** Polls the job as the page does, keeping every distinct progress seen, until it leaves `state`. */
async function watch(actor: { id: string; roles: string[] }, id: string, state: ImportJobView["state"]) {
  const seen: { state: string; phase: string | null; done: number; total: number }[] = [];
  const job = await waitFor(`job ${id} to leave ${state}`, async () => {
    const view = await importJobView(actor as never, id);
    const last = seen.at(-1);
    if (!last || last.state !== view.state || last.phase !== view.phase || last.done !== view.done) {
      seen.push({ state: view.state, phase: view.phase, done: view.done, total: view.total });
    }
    return view.state !== state && view.state !== "QUEUED" ? view : null;
  });
  return { job, seen };
}

const jsonl = (rows: object[]) => new TextEncoder().encode(rows.map((r) => JSON.stringify(r)).join("\n"));

describe("import jobs", () => {
  it("a large file is checked by the worker with progress, imported from the job, and only by its owner", async () => {
    const admin = await makeUser({ roles: ["ADMIN"] });
    const actor = { id: admin.id, roles: admin.roles };
    const rows = generateNaturalRows(30_000, 21);
    const bytes = jsonl(rows);
    expect(bytes.byteLength).toBeGreaterThan(INLINE_MAX_BYTES);

    const started = await startImportJob(actor, { name: "big.jsonl", status: "APPROVED", bytes });
    expect(started).toMatchObject({ state: "QUEUED", fileName: "big.jsonl", byteSize: bytes.byteLength });
    expect(await db.seedImportChunk.count({ where: { jobId: started.id } })).toBeGreaterThan(0);

    const checked = await watch(actor, started.id, "ANALYSING");
    expect(checked.job.state).toBe("READY");
    // Progress was written while the worker checked the file: phases in order, rows counting up.
    const order = ["reading", "parsing", "checking", "vocabulary", "duplicates", "near-duplicates", "phi"];
    const phases = checked.seen
      .filter((s) => s.state === "ANALYSING")
      .map((s) => order.indexOf(s.phase ?? ""));
    expect(phases).toEqual([...phases].sort((a, b) => a - b));
    expect(phases).toContain(order.indexOf("near-duplicates"));
    expect(checked.seen.some((s) => s.done > 0 && s.done < s.total)).toBe(true);
    const report = checked.job.report;
    expect(report?.counts).toMatchObject({ rows: 30_000, valid: 30_000, errors: 0 });
    expect(report?.counts.nearDuplicates).toBeGreaterThan(300);
    const toCreate = report?.counts.toCreate ?? 0;
    expect(toCreate).toBeGreaterThan(29_000);

    // Someone else (even an admin) can neither see, import nor discard it.
    const other = await makeUser({ roles: ["ADMIN"] });
    const stranger = { id: other.id, roles: other.roles };
    await expect(importJobView(stranger, started.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(commitImportJob(stranger, started.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await discardImportJob(stranger, started.id);
    expect(await db.seedImportJob.count({ where: { id: started.id } })).toBe(1);

    // Two imports asked at once (a double click, a second tab): one import.
    const [first, second] = await Promise.all([
      commitImportJob(actor, started.id),
      commitImportJob(actor, started.id),
    ]);
    expect([first.state, second.state]).toEqual(["COMMITTING", "COMMITTING"]);
    const imported = await watch(actor, started.id, "COMMITTING");
    expect(imported.job).toMatchObject({ state: "COMMITTED", report: { committed: true } });
    expect(imported.job.report?.counts.created).toBe(toCreate);
    expect(imported.seen.some((s) => s.phase === "importing")).toBe(true);
    expect(await db.seedTask.count({ where: { authorId: admin.id, status: "APPROVED" } })).toBe(toCreate);
    expect(await db.auditEvent.count({ where: { actorId: admin.id, action: "seed.import" } })).toBe(1);
    expect(await db.seedImportChunk.count({ where: { jobId: started.id } })).toBe(0); // file dropped
    // Asking again changes nothing.
    expect(await commitImportJob(actor, started.id)).toMatchObject({ state: "COMMITTED" });

    // The same file again: every row is a duplicate, and importing it creates nothing.
    const again = await startImportJob(actor, { name: "big.jsonl", status: "APPROVED", bytes });
    const rechecked = await watch(actor, again.id, "ANALYSING");
    expect(rechecked.job.report?.counts).toMatchObject({ toCreate: 0, duplicates: 30_000 });
    await commitImportJob(actor, again.id);
    const none = await watch(actor, again.id, "COMMITTING");
    expect(none.job.report?.counts).toMatchObject({ created: 0, duplicates: 30_000 });
    expect(await db.seedTask.count({ where: { authorId: admin.id } })).toBe(toCreate);
    expect(logged).toEqual([]);
  }, 240_000);

  it("a small file is checked and imported within the request, without a worker", async () => {
    await worker?.stop();
    try {
      const author = await makeUser({ roles: ["AUTHOR"] });
      const actor = { id: author.id, roles: author.roles };
      const bytes = jsonl(generateNaturalRows(40, 31));
      const job = await startImportJob(actor, { name: "small.jsonl", status: "DRAFT", bytes });
      expect(job).toMatchObject({ state: "READY", report: { counts: { toCreate: 40 } } });
      expect(await commitImportJob(actor, job.id)).toMatchObject({
        state: "COMMITTED",
        report: { counts: { created: 40 } },
      });
      await expect(
        startImportJob(actor, { name: "small.jsonl", status: "APPROVED", bytes }),
      ).rejects.toMatchObject({ code: "FORBIDDEN" });
    } finally {
      await startWorker();
    }
  });

  it("a job whose worker died is taken over once its lease runs out; a day-old upload is deleted", async () => {
    const author = await makeUser({ roles: ["AUTHOR"] });
    const actor = { id: author.id, roles: author.roles };
    await worker?.stop();
    const bytes = jsonl(generateNaturalRows(6_000, 41));
    const job = await startImportJob(actor, { name: "orphan.jsonl", status: "DRAFT", bytes });
    // As a worker that claimed it and died leaves it: its lease has just run out.
    await db.seedImportJob.update({
      where: { id: job.id },
      data: { state: "ANALYSING", leaseToken: "dead", leaseUntil: new Date(Date.now() - 1000), attempts: 1 },
    });
    await startWorker(); // its sweep sends the job again
    const { job: done } = await watch(actor, job.id, "ANALYSING");
    expect(done).toMatchObject({ state: "READY", report: { counts: { rows: 6_000 } } });

    await db.seedImportJob.update({
      where: { id: job.id },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    await sweepImportJobs(() => {});
    expect(await db.seedImportJob.count({ where: { id: job.id } })).toBe(0);
    expect(await db.seedImportChunk.count({ where: { jobId: job.id } })).toBe(0);
  }, 120_000);
});
