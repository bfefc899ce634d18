import os from "node:os";
import { performance } from "node:perf_hooks";
import { driveJob } from "@/lib/generation/engine/driver";
import { createJob } from "@/lib/generation/jobs";
import { jobSettingsSchema } from "@/lib/validation/generation";
import { startFakeOpenAIServer } from "@/tests/support/fake-openai-server";
import { syntheticSeeds } from "./synthetic";

const LATENCY_MS = 200;
const CONCURRENCY = 32;
const TARGET = 2000; // ≈ 180 task requests + 2,000 response calls ≈ 14 s at the ideal rate
const WARM_UP_TARGET = 300;
const IDEAL = CONCURRENCY / (LATENCY_MS / 1000); // 160 calls/s: every slot always waiting on the server
const EDGE_MS = 1000; // left out at each end for the steady-state figure
const GOAL = 0.9;

type JobRun = {
  outcome: string;
  calls: number;
  taskRequests: number;
  responseRequests: number;
  maxConcurrent: number;
  elapsedMs: number;
  /** calls per second over the whole job */
  achieved: number;
  /** calls per second from EDGE_MS after the start to EDGE_MS before the end */
  steady: number;
  /** calls sent in each second of the job */
  perSecond: number[];
  eventLoopBusy: number;
  cpuCores: number;
};

/** One job, start to finish, against its own fake server: every call it made and how long it took. */
async function runJob(authorId: string, target: number): Promise<JobRun> {
  const server = await startFakeOpenAIServer({ latencyMs: LATENCY_MS, seed: 11 });
  try {
    const settings = jobSettingsSchema.parse({
      provider: { kind: "openai-compatible", baseUrl: server.baseUrl },
      taskModel: "fake-gpt-4",
      responseModel: "fake-gpt-3.5",
      target,
      concurrency: CONCURRENCY,
      requestTimeoutMs: 30_000,
      rngSeed: 42,
    });
    const seeds = syntheticSeeds(20, 5).map((s, i) => ({ id: `bench-seed-${i}`, ...s }));
    const job = await createJob({ seeds, seedSource: "bench seeds" }, settings, {
      id: authorId,
      roles: ["ADMIN"],
    });

    // Calls sent so far, sampled every 50 ms, for the steady-state window.
    const samples: { at: number; calls: number }[] = [];
    const elu0 = performance.eventLoopUtilization();
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const sampler = setInterval(
      () => samples.push({ at: performance.now(), calls: server.stats.requests }),
      50,
    );
    const outcome = await driveJob(job.id);
    const elapsedMs = performance.now() - t0;
    clearInterval(sampler);
    const eventLoopBusy = performance.eventLoopUtilization(elu0).utilization;
    const cpu = process.cpuUsage(cpu0);
    const { requests: calls, taskRequests, responseRequests, maxConcurrent } = server.stats;

    const from = samples.find((s) => s.at >= t0 + EDGE_MS);
    const to = samples.findLast((s) => s.at <= t0 + elapsedMs - EDGE_MS);
    const steady =
      from && to && to.at > from.at ? (to.calls - from.calls) / ((to.at - from.at) / 1000) : Number.NaN;
    const cumulative: number[] = [];
    for (const s of samples) cumulative[Math.floor((s.at - t0) / 1000)] = s.calls;
    cumulative[Math.floor(elapsedMs / 1000)] = calls;
    let before = 0;
    const perSecond = Array.from(cumulative, (n = before) => {
      const inSecond = n - before;
      before = n;
      return inSecond;
    });
    return {
      outcome,
      calls,
      taskRequests,
      responseRequests,
      maxConcurrent,
      elapsedMs,
      achieved: calls / (elapsedMs / 1000),
      steady,
      perSecond,
      eventLoopBusy,
      cpuCores: (cpu.user + cpu.system) / 1000 / elapsedMs,
    };
  } finally {
    await server.close();
  }
}

const mark = (ratio: number) => (ratio >= GOAL ? "PASS" : "MISSED");
const callsLine = (r: JobRun) =>
  `${r.calls.toLocaleString("en-US")} calls (${r.taskRequests} task requests + ${r.responseRequests.toLocaleString("en-US")} response calls) in ${(r.elapsedMs / 1000).toFixed(2)} s`;

/**
 * Orchestration efficiency: one job driven in this process (driveJob, as a worker does) against the fake
 * OpenAI-compatible server at 200 ms latency with 32 slots; calls per second achieved over the ideal
 * 32 / 0.2 s (goal >= 0.9). Every call counts: task requests and response calls, including task requests
 * whose tasks end up discarded. The measured job runs after a short warm-up job (JIT, query plans, pool
 * connections: what a worker that has run a job before has), which is reported too.
 */
export async function benchGeneration(authorId: string) {
  const warm = await runJob(authorId, WARM_UP_TARGET);
  const r = await runJob(authorId, TARGET);
  const ratio = r.achieved / IDEAL;
  const steadyRatio = r.steady / IDEAL;
  console.log(
    `\norchestration efficiency: one job (target ${TARGET.toLocaleString("en-US")} kept tasks, concurrency ${CONCURRENCY}) driven in this process against the fake OpenAI-compatible server at ${LATENCY_MS} ms latency`,
  );
  console.log(
    `  ours      ${r.achieved.toFixed(1)} calls/s over the whole job (start to COMPLETED): ${callsLine(r)}; job ${r.outcome}, at most ${r.maxConcurrent} calls at once`,
  );
  console.log(
    `  steady    ${r.steady.toFixed(1)} calls/s from ${EDGE_MS / 1000} s after the start to ${EDGE_MS / 1000} s before the end`,
  );
  console.log(
    `  baseline  ${IDEAL.toFixed(1)} calls/s (ideal: ${CONCURRENCY} slots / ${LATENCY_MS / 1000} s)`,
  );
  console.log(
    `  ratio (ours / ideal): whole job ${ratio.toFixed(2)} ${mark(ratio)}   steady state ${steadyRatio.toFixed(2)}   goal: >= ${GOAL} (whole job)`,
  );
  console.log(
    `  warm-up job before it (target ${WARM_UP_TARGET}, first in this process, not counted): ${callsLine(warm)}, ${warm.achieved.toFixed(1)} calls/s, ratio ${(warm.achieved / IDEAL).toFixed(2)}`,
  );
  console.log(
    `  (meanwhile this process's event loop was busy ${(r.eventLoopBusy * 100).toFixed(0)}% of the time, ${r.cpuCores.toFixed(2)} cores of CPU; the fake server runs in it too; load average ${os.loadavg()[0]?.toFixed(1)} on ${os.availableParallelism()} cores)`,
  );
  if (process.env.BENCH_VERBOSE)
    console.log(
      `  calls in each second: ${r.perSecond.join(" ")}; CPU per call ${((r.cpuCores * r.elapsedMs) / r.calls).toFixed(2)} ms`,
    );
}
