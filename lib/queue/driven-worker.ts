import "server-only";
import { queueBoss } from "./boss";

// One loop for every durable "drive X to its end" queue (generation jobs, evaluation runs, rating jobs). A
// message says "drive X"; a worker that receives it runs the domain's driver, which resumes from the database
// wherever X stands, so several workers may drive one X at once, safely. A worker that dies stops beating
// X's heartbeat; any other worker's sweep finds X stale and drives it again.

export type DrivenWorker = { stop(): Promise<void>; driving(): string[] };

export type DrivenWorkerSpec = {
  /** the pg-boss queue (lib/queue/boss.ts creates it) */
  queue: string;
  /** the message's field naming what to drive: { jobId } or { runId } */
  key: string;
  /** how the log names one: "job", "evaluation run", "rating job" */
  noun: string;
  /** at most this many driven at once by this process */
  concurrency: number;
  staleMs: number;
  sweepMs: number;
  /** ids nobody seems to drive: running with no heartbeat since `staleBefore`, or queued since before it */
  findStale: (staleBefore: Date) => Promise<string[]>;
  /** drives one to its end (or to a pause, or until `signal` aborts); resolves with how it ended */
  drive: (id: string, signal: AbortSignal) => Promise<string>;
  /** after a driver ends with any outcome but STOPPED (this process shutting down) */
  onSettled?: (id: string, outcome: string) => Promise<void>;
  log: (line: string) => void;
};

export async function startDrivenWorker(spec: DrivenWorkerSpec): Promise<DrivenWorker> {
  const { log, noun } = spec;
  const b = await queueBoss();
  const shutdown = new AbortController();
  /** one settled-never-rejecting promise per id driven here */
  const driving = new Map<string, Promise<void>>();
  // Ids asked for again while this process drove them: driven once more when the current driver ends.
  const again = new Set<string>();

  const drive = (id: string): Promise<unknown> => {
    // One driver per id per process. Another message for the same id (a resume sent while a pausing driver
    // still waits for its calls in flight) must not be lost: it is driven again once the current driver
    // ends (a driver that finds nothing to do returns at once), and the message waits for that second run.
    const current = driving.get(id);
    if (current) {
      again.add(id);
      return current.then(() => driving.get(id));
    }
    log(`driving ${noun} ${id}`);
    const run = spec
      .drive(id, shutdown.signal)
      .then(
        async (outcome) => {
          log(`${noun} ${id}: ${outcome.toLowerCase()}`);
          if (outcome !== "STOPPED")
            await spec
              .onSettled?.(id, outcome)
              .catch((error: unknown) => log(`${noun} ${id}: ${(error as Error).message}`));
        },
        (error: unknown) => {
          log(`${noun} ${id}: ${(error as Error).message}`);
          throw error; // the message fails, so pg-boss sends it again (and the sweep would find it anyway)
        },
      )
      .finally(() => {
        driving.delete(id);
        if (again.delete(id) && !shutdown.signal.aborted) drive(id).catch(() => {});
      });
    driving.set(
      id,
      run.catch(() => {}),
    );
    return run;
  };

  const workId = await b.work<Record<string, string>>(
    spec.queue,
    { localConcurrency: spec.concurrency, pollingIntervalSeconds: 1, heartbeatRefreshSeconds: 10 },
    async (messages) => {
      await Promise.all(messages.map((m) => drive(m.data[spec.key] as string)));
    },
  );

  const sweep = async () => {
    try {
      for (const id of await spec.findStale(new Date(Date.now() - spec.staleMs)))
        if (!driving.has(id)) drive(id).catch(() => {});
    } catch (error) {
      log(`${noun} sweep failed: ${(error as Error).message}`);
    }
  };
  await sweep();
  const timer = setInterval(sweep, spec.sweepMs);
  timer.unref();

  return {
    driving: () => [...driving.keys()],
    async stop() {
      clearInterval(timer);
      shutdown.abort();
      await b.offWork(spec.queue, { id: workId, wait: false }).catch(() => {});
      await Promise.allSettled([...driving.values()]);
    },
  };
}

/**
 * Asks a worker to drive the job or run named in `payload` (already saved, queued or running). Should the
 * message not go out (the queue out of reach), the workers' sweep for work nobody drives (staleWhere) takes it
 * within a minute, so the caller is not told it failed: starting again, as a failure invites, made a second
 * job spending twice.
 */
export async function askToDrive(
  queue: string,
  payload: Record<string, string>,
  noun: string,
): Promise<void> {
  try {
    const b = await queueBoss();
    await b.send(queue, payload);
  } catch (error) {
    console.error(
      `[${queue}] ${noun} ${Object.values(payload).join(" ")} could not be queued (${(error as Error).message}): the workers' sweep drives it`,
    );
  }
}

/**
 * What a sweep drives again (findStale's filter): rows running without a heartbeat since `stale`, and rows
 * queued since before it (by `queuedSince`: when made, or when last changed for rows that are queued again).
 */
export function staleWhere(stale: Date, queuedSince: "createdAt" | "updatedAt" = "createdAt") {
  const running = { state: "RUNNING" as const, OR: [{ heartbeatAt: null }, { heartbeatAt: { lt: stale } }] };
  return queuedSince === "createdAt"
    ? { OR: [running, { state: "QUEUED" as const, createdAt: { lt: stale } }] }
    : { OR: [running, { state: "QUEUED" as const, updatedAt: { lt: stale } }] };
}
