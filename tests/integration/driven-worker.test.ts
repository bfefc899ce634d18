import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { queueBoss, stopQueue } from "@/lib/queue/boss";
import { type DrivenWorkerSpec, startDrivenWorker } from "@/lib/queue/driven-worker";

// The one loop behind generation jobs, evaluation runs and rating jobs, on the real pg-boss queue in the test
// database, with drivers written here (what a driver does with the database is each domain's own test).

afterAll(async () => {
  await stopQueue();
});

async function waitUntil(what: string, probe: () => boolean | Promise<boolean>, ms = 30_000) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await probe()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** A queue of its own per test, made as lib/queue/boss.ts makes the driven ones. */
async function freshQueue(): Promise<string> {
  const name = `test-driven-${randomUUID()}`;
  const b = await queueBoss();
  await b.createQueue(name, { heartbeatSeconds: 30, expireInSeconds: 3600, retryLimit: 3, retryDelay: 1 });
  return name;
}

function spec(queue: string, over: Partial<DrivenWorkerSpec>): DrivenWorkerSpec {
  return {
    queue,
    key: "jobId",
    noun: "thing",
    concurrency: 4,
    staleMs: 600_000,
    sweepMs: 600_000,
    findStale: async () => [],
    drive: async () => "COMPLETED",
    log: () => {},
    ...over,
  };
}

describe("the driven-queue worker", () => {
  it("drives again, once the current driver ends, an id asked for while it was being driven (ten times over)", async () => {
    const queue = await freshQueue();
    const starts: string[] = [];
    const releases: (() => void)[] = [];
    const worker = await startDrivenWorker(
      spec(queue, {
        drive: (id) => {
          starts.push(id);
          return new Promise((resolve) => releases.push(() => resolve("PAUSED")));
        },
      }),
    );
    try {
      const b = await queueBoss();
      for (let round = 1; round <= 10; round++) {
        await b.send(queue, { jobId: "job-1" });
        await waitUntil(`driver ${2 * round - 1} to start`, () => starts.length === 2 * round - 1);
        // A second message (a resume) while the first driver still runs: not lost, not run alongside.
        const second = await b.send(queue, { jobId: "job-1" });
        if (!second) throw new Error("not sent");
        await waitUntil("the second message to reach the worker", async () => {
          const job = await b.getJobById(queue, second);
          return job?.state === "active";
        });
        expect(starts.length).toBe(2 * round - 1);
        releases.shift()?.();
        await waitUntil(`driver ${2 * round} to start`, () => starts.length === 2 * round);
        releases.shift()?.();
        await waitUntil("nothing driven", () => worker.driving().length === 0);
      }
      expect(starts).toEqual(Array(20).fill("job-1"));
    } finally {
      for (const r of releases) r();
      await worker.stop();
    }
  }, 120_000);

  it("reads the message's own key, calls onSettled for every end but STOPPED, and logs a failing driver", async () => {
    const queue = await freshQueue();
    const settled: string[] = [];
    const lines: string[] = [];
    const outcomes: Record<string, string | Error> = {
      a: "COMPLETED",
      b: "PAUSED",
      c: new Error("database gone"),
    };
    const worker = await startDrivenWorker(
      spec(queue, {
        key: "runId",
        drive: async (id) => {
          const o = outcomes[id];
          if (o instanceof Error) throw o;
          return o ?? "STOPPED";
        },
        onSettled: async (id, outcome) => {
          settled.push(`${id}:${outcome}`);
        },
        log: (line) => lines.push(line),
      }),
    );
    try {
      const b = await queueBoss();
      for (const id of ["a", "b", "c", "d"]) await b.send(queue, { runId: id });
      await waitUntil("every message driven", () =>
        ["a", "b", "c", "d"].every((id) => lines.includes(`driving thing ${id}`)),
      );
      await waitUntil(
        "the ends logged",
        () => lines.some((l) => l === "thing c: database gone") && settled.length === 2,
      );
      expect(settled.sort()).toEqual(["a:COMPLETED", "b:PAUSED"]);
      expect(lines).toContain("thing d: stopped");
    } finally {
      await worker.stop();
    }
  }, 60_000);

  it("sweeps: what nobody drives is driven, what this process drives is not started twice", async () => {
    const queue = await freshQueue();
    const starts: string[] = [];
    let release = () => {};
    const worker = await startDrivenWorker(
      spec(queue, {
        sweepMs: 50,
        findStale: async () => ["stale-1"],
        drive: (id) => {
          starts.push(id);
          return new Promise((resolve) => {
            release = () => resolve("COMPLETED");
          });
        },
      }),
    );
    try {
      await waitUntil("the sweep to drive it", () => starts.length === 1);
      await new Promise((r) => setTimeout(r, 300)); // several sweeps go by while it is driven
      expect(starts).toEqual(["stale-1"]);
    } finally {
      release();
      await worker.stop();
    }
  }, 60_000);
});
